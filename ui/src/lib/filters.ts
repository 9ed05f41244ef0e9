import type { DocumentKind, Status } from './contract';

/** The document list's filter fields as the form holds them. */
export type Filters = {
  kind: DocumentKind;
  status: '' | Status | 'overdue';
  customer_id: number | null;
  from: string;
  to: string;
  search: string;
};
