import { describe, expect, it } from 'vitest';
import { isCsvFile, parseAllocations } from './bank';

describe('bank helpers', () => {
  it('reads invoice numbers with or without amounts, in French or English', () => {
    expect(parseAllocations('F-2026-0042')).toEqual([{ invoice: 'F-2026-0042', amount: null }]);
    expect(parseAllocations('F-2026-0042 120,50; F-2026-0043 1 234.5')).toEqual([
      { invoice: 'F-2026-0042', amount: '120.50' },
      { invoice: 'F-2026-0043', amount: '1234.5' },
    ]);
    expect(parseAllocations(' \n ;')).toEqual([]);
  });

  it('tells CSV files by their name', () => {
    expect(isCsvFile('releve.CSV')).toBe(true);
    expect(isCsvFile('releve.xml')).toBe(false);
    expect(isCsvFile('export.ofx')).toBe(false);
  });
});
