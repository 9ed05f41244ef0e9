// The UI language, reactive; saved in localStorage, first guessed from the system.
import { isLang, translate, type Lang, type MessageKey, type Params } from './i18n/messages';

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
    document.documentElement.lang = lang;
  }
}

export const locale = new Locale();

/** Translates in the current language; reading it in a template tracks language changes. */
export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}
