// The dictionaries and a pure translate function (tested); the reactive language lives in
// ../locale.svelte.ts.
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Lang = 'fr' | 'en';
export type { MessageKey };
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, fr };

export type Params = Record<string, string | number>;

/** The text of `key` in `lang` with `{name}` placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The `{name}` placeholders of a text, sorted (used to check fr and en agree). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

/** The keys that come in plural forms (`x.one`, `x.other`…), by their stem `x`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Stem}.other` ? Stem : never }[MessageKey];

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The form of `stem` that `count` takes in `lang` (CLDR rules: French 0 and 1 are singular),
 * `.other` when the language's category has no text of its own (French "many"). */
export function pluralKey(lang: Lang, stem: PluralKey, count: number): MessageKey {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const key = `${stem}.${rules.select(count)}`;
  return (Object.prototype.hasOwnProperty.call(en, key) ? key : `${stem}.other`) as MessageKey;
}
