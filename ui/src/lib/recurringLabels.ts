// A recurring invoice's schedule in words, in the UI's language: "Every month, until
// 31/12/2027", "Tous les 2 trimestres, 4 fois".
import type { Schedule } from './contract';
import { everyKey } from './recurring';
import { formatDate } from './format';
import { locale, t, tn } from './locale.svelte';

export function scheduleWords(s: Pick<Schedule, 'unit' | 'interval' | 'end' | 'count'>): string {
  const { stem, count } = everyKey(s);
  const parts = [tn(stem, count)];
  if (s.end) parts.push(t('rec.until', { date: formatDate(s.end, locale.lang) }));
  if (s.count != null) parts.push(tn('rec.times', s.count));
  return parts.join(', ');
}
