// Localized display of amounts and dates. Amounts arrive as exact decimal strings and are
// formatted from the string itself (Intl.NumberFormat v3), never through float arithmetic.
import type { Lang } from './i18n/messages';

const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
const moneyCache = new Map<string, Intl.NumberFormat>();
// Making an Intl formatter costs far more than using one (a list page formats a hundred
// dates): each kind is made once per language and kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

export function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

function moneyFormat(lang: Lang, currency: string): Intl.NumberFormat {
  const key = `${lang}|${currency}`;
  let nf = moneyCache.get(key);
  if (!nf) {
    try {
      nf = new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency });
    } catch {
      nf = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyCache.set(key, nf);
  }
  return nf;
}

/** `"1234.5"`, `EUR`, fr → `1 234,50 €`. An unparsable value is shown as it came. */
export function formatMoney(amount: string | null | undefined, currency: string, lang: Lang): string {
  if (amount === null || amount === undefined || amount === '') return '';
  if (!/^-?\d+(\.\d+)?$/.test(amount.trim())) return amount;
  return moneyFormat(lang, currency).format(amount.trim() as Intl.StringNumericLiteral);
}

/** A decimal string (quantity, rate) with the locale's separators, exact. */
export function formatDecimal(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '';
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return value;
  return cached(`decimal|${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 20 })).format(
    value.trim() as Intl.StringNumericLiteral,
  );
}

/** `2026-03-05` → `05/03/2026` (fr) or `5 Mar 2026` (en). Calendar dates, no time zone. */
export function formatDate(date: string | null | undefined, lang: Lang): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return cached(
    `date|${lang}`,
    () =>
      new Intl.DateTimeFormat(LOCALES[lang], {
        timeZone: 'UTC',
        day: lang === 'fr' ? '2-digit' : 'numeric',
        month: lang === 'fr' ? '2-digit' : 'short',
        year: 'numeric',
      }),
  ).format(d);
}

/** `2026-03` → `mars 2026` / `Mar 2026`. */
export function formatMonth(month: string, lang: Lang, short = true): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return cached(
    `month|${lang}|${short}`,
    () => new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', month: 'short', year: short ? '2-digit' : 'numeric' }),
  ).format(d);
}

/** A count with the locale's grouping: 1000 → `1 000` / `1,000`. */
export function formatCount(n: number, lang: Lang): string {
  return cached(`count|${lang}`, () => new Intl.NumberFormat(LOCALES[lang])).format(n);
}

/** What a person typed as a decimal (`1 234,5`, `1,234.5`, `12,5`) → `1234.5`, or null. */
export function parseDecimalInput(text: string): string | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // The last separator is the decimal one; the other groups thousands.
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    s = s.split(group).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    s = s.indexOf(',') === lastComma ? s.replace(',', '.') : s.split(',').join('');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s) && !/^-?\d+\.$/.test(s) && !/^-?\.\d+$/.test(s)) return null;
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.startsWith('.')) s = `0${s}`;
  if (s.startsWith('-.')) s = `-0${s.slice(1)}`;
  return s;
}

/**
 * Makes the formatters a first screen uses (money in `currency`, dates, months, counts). The
 * first Intl objects load the engine's locale data (some 20 ms in the web view): called while
 * the page waits for its first answer from Rust, that time is spent waiting anyway.
 */
export function warmFormatters(lang: Lang, currency = 'EUR'): void {
  formatMoney('0', currency, lang);
  formatDate('2000-01-01', lang);
  formatMonth('2000-01', lang);
  formatMonth('2000-01', lang, false);
  formatCount(0, lang);
}
