import { labelKey } from './labels';
import { t } from './locale.svelte';

export const statusLabel = (s: string): string => {
  const k = labelKey('status.', s);
  return k ? t(k) : s;
};
export const kindLabel = (s: string): string => {
  const k = labelKey('doc.kind.', s);
  return k ? t(k) : s;
};
export const methodLabel = (s: string): string => {
  const k = labelKey('pay.method.', s);
  return k ? t(k) : s;
};
