import { describe, expect, it } from 'vitest';
import { isEinvoiceFile, sortFiles, tally } from './purchases';

describe('purchases', () => {
  it('takes PDFs and XML whatever their case, nothing else', () => {
    expect(isEinvoiceFile('FA-12.PDF')).toBe(true);
    expect(isEinvoiceFile('factur-x.xml')).toBe(true);
    expect(isEinvoiceFile('photo.jpg')).toBe(false);
    expect(isEinvoiceFile('xml')).toBe(false);
    const { take, skip } = sortFiles([{ name: 'a.pdf' }, { name: 'b.txt' }, { name: 'c.xml' }]);
    expect(take.map((f) => f.name)).toEqual(['a.pdf', 'c.xml']);
    expect(skip.map((f) => f.name)).toEqual(['b.txt']);
  });

  it('counts what an import did', () => {
    expect(
      tally([
        { file: 'a', kind: 'imported', id: 1, errors: 0, warnings: 0 },
        { file: 'b', kind: 'known', id: 1, errors: 0, warnings: 0 },
        { file: 'c', kind: 'refused', code: 'dtd_refused', message: 'no' },
        { file: 'd', kind: 'imported', id: 2, errors: 1, warnings: 0 },
      ]),
    ).toEqual({ imported: 2, known: 1, refused: 1 });
  });
});
