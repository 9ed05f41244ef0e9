// Labels for codes the API sends as plain strings (status, kind, method), with the raw code
// as a fallback for a value this UI does not know yet.
import { en } from './i18n/en';
import type { MessageKey } from './i18n/messages';

export function labelKey(prefix: string, code: string): MessageKey | null {
  const key = `${prefix}${code}`;
  return Object.prototype.hasOwnProperty.call(en, key) ? (key as MessageKey) : null;
}
