// The editor's form state (what the person typed, as text) ⇄ the API's DocumentContent.
// No arithmetic on money here: totals come from Rust (computeTotals).
import type { DocumentContent, Line, VatCategory } from './contract';
import { parseDecimalInput } from './format';
import type { Lang } from './i18n/messages';

export type LineForm = {
  /** Stable key for the list rendering. */
  key: number;
  name: string;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  discount: string;
  vat_category: VatCategory;
  vat_rate: string;
};

export type DraftForm = {
  customer_id: number | null;
  currency: string;
  issue_date: string;
  due_date: string;
  payment_terms_days: string;
  delivery_date: string;
  valid_until: string;
  purchase_order: string;
  buyer_reference: string;
  operation_type: '' | 'goods' | 'services' | 'both';
  note: string;
  payment_terms_text: string;
  exemption_e: string;
  lines: LineForm[];
};

export const VAT_CATEGORIES: VatCategory[] = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'];
export const FRENCH_RATES = ['20', '10', '5.5', '2.1'];
export const UNITS = ['C62', 'HUR', 'DAY', 'MON', 'KGM', 'MTR', 'LTR', 'KMT', 'SET'];

let nextKey = 1;

export function emptyLine(franchise: boolean): LineForm {
  return {
    key: nextKey++,
    name: '',
    description: '',
    quantity: '1',
    unit: 'C62',
    unit_price: '',
    discount: '',
    vat_category: franchise ? 'E' : 'S',
    vat_rate: franchise ? '0' : '20',
  };
}

export function emptyDraft(currency: string, franchise: boolean, terms: number | null): DraftForm {
  return {
    customer_id: null,
    currency,
    issue_date: '',
    due_date: '',
    payment_terms_days: terms === null ? '' : String(terms),
    delivery_date: '',
    valid_until: '',
    purchase_order: '',
    buyer_reference: '',
    operation_type: '',
    note: '',
    payment_terms_text: '',
    exemption_e: '',
    lines: [emptyLine(franchise)],
  };
}

const opt = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** A line as the API takes it, or null while it is incomplete (no name, bad number). */
export function lineToApi(l: LineForm): Line | null {
  const quantity = parseDecimalInput(l.quantity);
  const unitPrice = parseDecimalInput(l.unit_price);
  if (l.name.trim() === '' || quantity === null || unitPrice === null) return null;
  const discount = l.discount.trim() === '' ? null : parseDecimalInput(l.discount);
  if (l.discount.trim() !== '' && discount === null) return null;
  let rate: string | null = null;
  if (l.vat_category !== 'O') {
    rate = parseDecimalInput(l.vat_rate);
    if (rate === null) return null;
  }
  const line: Line = {
    name: l.name.trim(),
    description: opt(l.description),
    quantity,
    unit: l.unit.trim() || 'C62',
    unit_price: unitPrice,
    vat_category: l.vat_category,
    vat_rate: rate,
  };
  if (discount !== null && Number(discount) !== 0) {
    line.allowances_charges = [{ charge: false, percent: discount }];
  }
  return line;
}

/**
 * The DocumentContent of the form. `complete` is false when a line is unfinished: the
 * content then holds only the finished lines (enough for live totals, not for saving).
 */
export function draftToContent(f: DraftForm): { content: DocumentContent; complete: boolean } {
  const lines = f.lines.map(lineToApi);
  const done = lines.filter((l): l is Line => l !== null);
  const terms = f.payment_terms_days.trim() === '' ? null : Number(f.payment_terms_days);
  const content: DocumentContent = {
    currency: f.currency,
    issue_date: opt(f.issue_date),
    due_date: opt(f.due_date),
    payment_terms_days: terms !== null && Number.isInteger(terms) && terms >= 0 ? terms : null,
    delivery_date: opt(f.delivery_date),
    valid_until: opt(f.valid_until),
    purchase_order: opt(f.purchase_order),
    buyer_reference: opt(f.buyer_reference),
    operation_type: f.operation_type === '' ? null : f.operation_type,
    note: opt(f.note),
    payment_terms_text: opt(f.payment_terms_text),
    lines: done,
  };
  if (f.exemption_e.trim() !== '' && done.some((l) => l.vat_category === 'E')) {
    content.exemptions = [{ category: 'E', code: null, reason: f.exemption_e.trim() }];
  }
  return { content, complete: done.length === lines.length && done.length > 0 };
}

/**
 * A stored decimal (`49.9`) as the user writes it in `lang` (`49,9` in French), without
 * grouping so that it reads back the same; `minDecimals` pads (a price shows its cents).
 */
export function decimalForInput(value: string, lang: Lang, minDecimals = 0): string {
  let v = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(v)) return value;
  const decimals = v.includes('.') ? v.length - v.indexOf('.') - 1 : 0;
  if (decimals < minDecimals) v = `${v}${decimals === 0 ? '.' : ''}${'0'.repeat(minDecimals - decimals)}`;
  return lang === 'fr' ? v.replace('.', ',') : v;
}

/** The form for a stored document's content, its figures written as `lang` writes them. */
export function contentToDraft(customerId: number, c: DocumentContent, lang: Lang = 'en'): DraftForm {
  const e = (c.exemptions ?? []).find((x) => x.category === 'E');
  return {
    customer_id: customerId,
    currency: c.currency,
    issue_date: c.issue_date ?? '',
    due_date: c.due_date ?? '',
    payment_terms_days: c.payment_terms_days == null ? '' : String(c.payment_terms_days),
    delivery_date: c.delivery_date ?? '',
    valid_until: c.valid_until ?? '',
    purchase_order: c.purchase_order ?? '',
    buyer_reference: c.buyer_reference ?? '',
    operation_type: c.operation_type ?? '',
    note: c.note ?? '',
    payment_terms_text: c.payment_terms_text ?? '',
    exemption_e: e?.reason ?? '',
    lines: c.lines.map((l) => {
      const discount = (l.allowances_charges ?? []).find((a) => !a.charge && a.percent != null);
      return {
        key: nextKey++,
        name: l.name,
        description: l.description ?? '',
        quantity: decimalForInput(l.quantity, lang),
        unit: l.unit ?? 'C62',
        unit_price: decimalForInput(l.unit_price, lang, 2),
        discount: discount?.percent == null ? '' : decimalForInput(discount.percent, lang),
        vat_category: l.vat_category ?? 'S',
        vat_rate: l.vat_rate ?? (l.vat_category === 'O' ? '' : '0'),
      };
    }),
  };
}
