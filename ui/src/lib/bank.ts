// Pure helpers of the bank reconciliation screen (tested in bank.test.ts).
import type { StatementImport } from './contract';
import type { MessageKey } from './i18n/messages';
import type { Params } from './i18n/messages';

type T = (key: MessageKey, params?: Params) => string;

/** What an import did, in one sentence for a toast. */
export function matchSummary(r: StatementImport, t: T): string {
  if (r.already_imported) return t('bank.already_imported', { file: r.statement.file_name });
  const m = r.matching;
  const proposed = m.by_reference + m.by_customer + m.by_amount;
  return t('bank.imported', { lines: r.lines_new, known: r.lines_read - r.lines_new, proposed, unmatched: m.unmatched });
}

/** Whether a file is read through a CSV mapping, by its name. */
export function isCsvFile(name: string): boolean {
  return /\.(csv|txt)$/i.test(name.trim());
}

/**
 * Splits what a person typed into invoice allocations: "F-2026-0001" or
 * "F-2026-0001 120,50" (French or English decimals), one per line or comma-separated.
 */
export function parseAllocations(text: string): { invoice: string; amount: string | null }[] {
  return text
    .split(/[\n;]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const m = /^(\S+)(?:\s+(-?[\d\s\u00a0\u202f]*[.,]?\d+))?$/.exec(part);
      if (!m) return { invoice: part, amount: null };
      const amount = m[2] ? m[2].replace(/[\s\u00a0\u202f]/g, '').replace(',', '.') : null;
      return { invoice: m[1], amount };
    });
}
