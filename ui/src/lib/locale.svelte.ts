// The UI language, reactive; saved in localStorage, first guessed from the system.
import { isLang, pluralKey, translate, type Lang, type MessageKey, type Params, type PluralKey } from './i18n/messages';
import { formatCount, localeOf } from './format';

const KEY = 'autoinvoice.lang';

function initial(): Lang {
  try {
    const saved = localStorage.getItem(KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage unavailable: fall through */
  }
  const nav = typeof navigator === 'undefined' ? 'fr' : navigator.language.slice(0, 2);
  return nav === 'en' ? 'en' : 'fr';
}

class Locale {
  lang = $state<Lang>(initial());

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      /* not saved: still applied */
    }
    applyDocumentLang(lang);
  }
}

export const locale = new Locale();

/** Translates in the current language; reading it in a template tracks language changes. */
export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}

/** A count in words with the language's plural rules: `1 document`, `2 documents`; `{count}`
 * is the number formatted for the language. */
export function tn(stem: PluralKey, count: number, params?: Params): string {
  return translate(locale.lang, pluralKey(locale.lang, stem, count), { ...params, count: formatCount(count, locale.lang) });
}

/** The page's language, as the region-qualified locale the app formats with (`fr-FR`, `en-GB`),
 * so that what the web view localizes itself (spell checking, form controls) agrees. */
export function applyDocumentLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = localeOf(lang);
}
