// Pure helpers of the purchases register (received e-invoices).

/** Files the register takes: Factur-X / ZUGFeRD PDFs and CII or UBL XML. */
export function isEinvoiceFile(name: string): boolean {
  return /\.(pdf|xml)$/i.test(name.trim());
}

/** Splits dropped or chosen files into those to import and those left aside. */
export function sortFiles<T extends { name: string }>(files: T[]): { take: T[]; skip: T[] } {
  const take: T[] = [];
  const skip: T[] = [];
  for (const f of files) (isEinvoiceFile(f.name) ? take : skip).push(f);
  return { take, skip };
}

export type ImportOutcome =
  | { file: string; kind: 'imported' | 'known'; id: number; errors: number; warnings: number }
  | { file: string; kind: 'refused'; code: string; message: string };

/** Counts for the summary line of an import. */
export function tally(outcomes: ImportOutcome[]): { imported: number; known: number; refused: number } {
  const n = { imported: 0, known: 0, refused: 0 };
  for (const o of outcomes) n[o.kind] += 1;
  return n;
}
