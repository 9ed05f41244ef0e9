import { describe, expect, it } from 'vitest';
import { monthWindow, showsMonthLabel } from './chart';

describe('showsMonthLabel', () => {
  it('labels every month of a short chart', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].every((i) => showsMonthLabel(i, 8))).toBe(true);
  });
  it('labels every other month of a long one, the latest always', () => {
    const shown = Array.from({ length: 13 }, (_, i) => showsMonthLabel(i, 13));
    expect(shown[12]).toBe(true);
    expect(shown.filter(Boolean)).toHaveLength(7);
    expect(shown.slice(0, 3)).toEqual([true, false, true]);
    expect(showsMonthLabel(10, 12)).toBe(false);
    expect(showsMonthLabel(11, 12)).toBe(true);
  });
});

describe('monthWindow', () => {
  it('draws the thirteen months up to today, the empty ones at zero', () => {
    const w = monthWindow([{ month: '2026-11', revenue: '4000.00' }, { month: '2026-02', revenue: '-10.00' }], '2026-11-29');
    expect(w).toHaveLength(13);
    expect(w[0]).toEqual({ month: '2025-11', revenue: '0' });
    expect(w[3]).toEqual({ month: '2026-02', revenue: '-10.00' });
    expect(w[12]).toEqual({ month: '2026-11', revenue: '4000.00' });
  });
  it('crosses the new year', () => {
    expect(monthWindow([], '2027-01-03', 3).map((m) => m.month)).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
