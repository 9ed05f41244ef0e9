// Timestamps from Rust (RFC 3339, UTC) shown in local time in the app's language.
import type { Lang } from './i18n/messages';
import { cached, localeOf } from './format';

/** `2026-11-29T13:05:00.123456Z` → `29/11/2026 14:05` (fr) / `29 Nov 2026, 14:05` (en). */
export function formatTimestamp(ts: string | null | undefined, lang: Lang): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return cached(
    `timestamp|${lang}`,
    () =>
      new Intl.DateTimeFormat(localeOf(lang), {
        day: '2-digit',
        month: lang === 'fr' ? '2-digit' : 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
  ).format(d);
}
