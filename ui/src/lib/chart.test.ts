import { describe, expect, it } from 'vitest';
import { showsMonthLabel } from './chart';

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
