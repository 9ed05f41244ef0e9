import { describe, expect, it } from 'vitest';
import { pagesFor, rowCount, visibleRange } from './pages';

describe('paging', () => {
  it('covers a row range with pages', () => {
    expect(pagesFor(0, 30)).toEqual([0]);
    expect(pagesFor(95, 205)).toEqual([0, 1, 2]);
    expect(pagesFor(5, 4)).toEqual([]);
  });
  it('counts rows exactly or grows a capped count', () => {
    expect(rowCount(420, true, 100, true)).toBe(420);
    expect(rowCount(1000, false, 300, true)).toBe(1000);
    expect(rowCount(1000, false, 1000, true)).toBe(1100);
    expect(rowCount(1000, false, 1042, false)).toBe(1042);
  });
  it('draws only what is visible (plus overscan), even for 100,000 rows', () => {
    expect(visibleRange(0, 360, 36, 100000, 0)).toEqual([0, 10]);
    const [a, b] = visibleRange(36 * 50000, 720, 36, 100000);
    expect(a).toBe(49992);
    expect(b - a).toBeLessThan(40);
    expect(visibleRange(0, 500, 36, 0)).toEqual([0, -1]);
  });
});
