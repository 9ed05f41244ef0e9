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
/** A UN/ECE unit code as people say it (`C62` → unit / unité); an unknown code as it is. */
export const unitLabel = (code: string | null | undefined): string => {
  if (!code) return '';
  const k = labelKey('unit.', code);
  return k ? t(k) : code;
};
