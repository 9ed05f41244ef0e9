import { describe, expect, it } from 'vitest';
import { dictionaries, placeholders, translate, LANGS } from './i18n/messages';
import { en } from './i18n/en';

describe('i18n', () => {
  const keys = Object.keys(en).sort();

  it('has every key in every language, and no extra one', () => {
    for (const lang of LANGS) {
      expect(Object.keys(dictionaries[lang]).sort()).toEqual(keys);
    }
  });

  it('has no empty text', () => {
    for (const lang of LANGS) {
      for (const k of keys) expect(dictionaries[lang][k as keyof typeof en].trim(), `${lang} ${k}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const k of keys) {
      const want = placeholders(en[k as keyof typeof en]);
      for (const lang of LANGS) expect(placeholders(dictionaries[lang][k as keyof typeof en]), `${lang} ${k}`).toEqual(want);
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'ed.issued', { number: 'F-2026-0001' })).toBe('Issued as F-2026-0001');
    expect(translate('fr', 'ed.issued', { number: 'F-2026-0001' })).toBe('Émise sous le n° F-2026-0001');
  });
});
