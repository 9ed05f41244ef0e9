import { describe, expect, it } from 'vitest';
import { percentOf, presetOf, presetSpan } from './periods';

describe('report periods', () => {
  it('gives whole years, quarters and months, last days included', () => {
    expect(presetSpan('this_year', '2026-12-04')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetSpan('last_year', '2026-12-04')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(presetSpan('this_quarter', '2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetSpan('last_quarter', '2026-12-04')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetSpan('this_month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetSpan('last_month', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('goes back over the new year', () => {
    expect(presetSpan('last_quarter', '2026-02-15')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetSpan('last_month', '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('names the preset a span is, and none for a span of its own', () => {
    expect(presetOf({ from: '2026-10-01', to: '2026-12-31' }, '2026-12-04')).toBe('this_quarter');
    expect(presetOf({ from: '2026-10-02', to: '2026-12-31' }, '2026-12-04')).toBeNull();
  });

  it('draws shares within 0–100, a zero whole as nothing', () => {
    expect(percentOf('25.00', '100.00')).toBe(25);
    expect(percentOf('150', '100')).toBe(100);
    expect(percentOf('-20', '-80')).toBe(25);
    expect(percentOf('5', '0')).toBe(0);
  });
});
