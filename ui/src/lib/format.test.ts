import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDecimal, formatMoney, formatMonth, parseDecimalInput, warmFormatters } from './format';

// Intl puts narrow or plain no-break spaces in French numbers: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats French euros', () => {
    expect(plain(formatMoney('1234.56', 'EUR', 'fr'))).toBe('1 234,56 €');
    expect(plain(formatMoney('-0.5', 'EUR', 'fr'))).toBe('-0,50 €');
  });
  it('formats English amounts', () => {
    expect(formatMoney('1234.5', 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney('99', 'USD', 'en')).toBe('US$99.00');
  });
  it('keeps every digit of large amounts (no float rounding)', () => {
    expect(plain(formatMoney('999999999999.99', 'EUR', 'fr'))).toBe('999 999 999 999,99 €');
  });
  it('shows an unparsable value as it came', () => {
    expect(formatMoney('abc', 'EUR', 'fr')).toBe('abc');
    expect(formatMoney(null, 'EUR', 'fr')).toBe('');
  });
});

describe('formatDecimal / formatCount / formatDate', () => {
  it('formats decimals exactly', () => {
    expect(formatDecimal('5.5', 'fr')).toBe('5,5');
    expect(formatDecimal('0.1234', 'en')).toBe('0.1234');
  });
  it('groups counts', () => {
    expect(plain(formatCount(100000, 'fr'))).toBe('100 000');
    expect(formatCount(1000, 'en')).toBe('1,000');
  });
  it('formats calendar dates without a time-zone shift', () => {
    expect(formatDate('2026-03-05', 'fr')).toBe('05/03/2026');
    expect(formatDate('2026-03-05', 'en')).toBe('5 Mar 2026');
    expect(formatDate(null, 'en')).toBe('');
  });
  it('keeps one formatter per language and kind: switching language switches the output', () => {
    for (const lang of ['fr', 'en', 'fr', 'en'] as const) {
      expect(formatDate('2026-12-31', lang)).toBe(lang === 'fr' ? '31/12/2026' : '31 Dec 2026');
      expect(formatMonth('2026-12', lang)).toBe(lang === 'fr' ? 'déc. 26' : 'Dec 26');
      expect(plain(formatCount(1234, lang))).toBe(lang === 'fr' ? '1 234' : '1,234');
      expect(formatDecimal('1234.5', lang).replace(/\s/g, ' ')).toBe(lang === 'fr' ? '1 234,5' : '1,234.5');
    }
    expect(formatMonth('2026-12', 'en', false)).toBe('Dec 2026');
    // Warming up makes the same formatters, not others.
    warmFormatters('fr', 'CHF');
    expect(plain(formatMoney('1234.5', 'CHF', 'fr'))).toBe('1 234,50 CHF');
    expect(formatDate('2026-12-31', 'fr')).toBe('31/12/2026');
  });
});

describe('parseDecimalInput', () => {
  it.each([
    ['12', '12'],
    ['12,5', '12.5'],
    ['1 234,56', '1234.56'],
    ['1\u202f234,56', '1234.56'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1,234,567', '1234567'],
    ['0.0001', '0.0001'],
    ['-3', '-3'],
    [',5', '0.5'],
    ['5.', '5'],
  ])('%s → %s', (input, want) => {
    expect(parseDecimalInput(input)).toBe(want);
  });
  it.each(['', 'abc', '1.2.3', '1e5', '--1'])('refuses %j', (input) => {
    expect(parseDecimalInput(input)).toBeNull();
  });
});
