// Recurring invoices in the UI: the template form (what the person typed, as text) ⇄ the API's
// requests, the schedule as people say it (quarterly = 3 months, yearly = 12 months), and the
// background run's event. Pure but for the event; no arithmetic on money (lines stay decimal
// strings, totals come from Rust).
import { events } from './contract';
import type { CreateRecurring, RecurringMode, RecurringTemplate, Schedule, ScheduleUnit, ServicePeriod } from './contract';
import type { Lang } from './i18n/messages';
import { contentToDraft, draftToContent, emptyDraft, lineToApi, type DraftForm } from './draft';
import { inputToIso } from './dateInput';
import { listenUntilStopped } from './outboxEvents';

/** The units offered: the API's days, weeks and months, and months by 3 and by 12. */
export type Frequency = 'days' | 'weeks' | 'months' | 'quarters' | 'years';
export const FREQUENCIES: Frequency[] = ['days', 'weeks', 'months', 'quarters', 'years'];
export const MODES: RecurringMode[] = ['draft', 'issue', 'issue_and_send'];
export const PERIODS: ServicePeriod[] = ['none', 'current', 'previous'];
export type EndKind = 'never' | 'until' | 'count';

const MONTHS_IN: Partial<Record<Frequency, number>> = { quarters: 3, years: 12 };

/** `every` × `frequency` as the API's unit and interval. */
export function toUnit(frequency: Frequency, every: number): { unit: ScheduleUnit; interval: number } {
  const months = MONTHS_IN[frequency];
  if (months) return { unit: 'months', interval: every * months };
  return { unit: frequency as ScheduleUnit, interval: every };
}

/** The API's unit and interval as people say it: 12 months is a year, 6 months 2 quarters. */
export function fromUnit(unit: ScheduleUnit, interval: number): { frequency: Frequency; every: number } {
  if (unit === 'months' && interval % 12 === 0) return { frequency: 'years', every: interval / 12 };
  if (unit === 'months' && interval % 3 === 0) return { frequency: 'quarters', every: interval / 3 };
  return { frequency: unit, every: interval };
}

export type RecurringForm = {
  name: string;
  frequency: Frequency;
  every: string;
  start: string;
  end_kind: EndKind;
  end: string;
  count: string;
  mode: RecurringMode;
  service_period: ServicePeriod;
  /** The invoice: customer, currency, terms, lines, note (its dates stay empty). */
  draft: DraftForm;
};

/** The 1st of next month: the usual anchor of a monthly invoice. */
export function firstOfNextMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-01`;
}

export function emptyForm(currency: string, franchise: boolean, terms: number | null, today: string): RecurringForm {
  return {
    name: '',
    frequency: 'months',
    every: '1',
    start: firstOfNextMonth(today),
    end_kind: 'never',
    end: '',
    count: '',
    mode: 'draft',
    service_period: 'none',
    draft: emptyDraft(currency, franchise, terms),
  };
}

export function templateToForm(t: RecurringTemplate, lang: Lang = 'en'): RecurringForm {
  const { frequency, every } = fromUnit(t.schedule.unit, t.schedule.interval);
  const endKind: EndKind = t.schedule.count != null ? 'count' : t.schedule.end ? 'until' : 'never';
  return {
    name: t.name,
    frequency,
    every: String(every),
    start: t.schedule.start,
    end_kind: endKind,
    end: t.schedule.end ?? '',
    count: t.schedule.count == null ? '' : String(t.schedule.count),
    mode: t.mode,
    service_period: t.service_period,
    draft: contentToDraft(t.customer_id, t.content, lang),
  };
}

/** A whole number ≥ 1 typed as text, or null. */
export function positive(text: string): number | null {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

/** The schedule the form gives, or null while it is incomplete (for the preview). */
export function formSchedule(f: RecurringForm): Schedule | null {
  const every = positive(f.every);
  const start = inputToIso(f.start);
  if (every === null || !start) return null;
  const { unit, interval } = toUnit(f.frequency, every);
  let end: string | null = null;
  let count: number | null = null;
  if (f.end_kind === 'until') {
    end = inputToIso(f.end) || null;
    if (!end) return null;
  } else if (f.end_kind === 'count') {
    count = positive(f.count);
    if (count === null) return null;
  }
  return { unit, interval, start, end, count };
}

/** Why the form cannot be sent yet (an i18n key and its parameters), or null. */
export function formProblem(f: RecurringForm): { key: 'rec.name_required' | 'ed.customer_required' | 'rec.interval_invalid' | 'rec.count_invalid' | 'rec.end_invalid' | 'rec.start_invalid' | 'ed.line_incomplete'; n?: number } | null {
  if (f.name.trim() === '') return { key: 'rec.name_required' };
  if (f.draft.customer_id === null) return { key: 'ed.customer_required' };
  if (positive(f.every) === null) return { key: 'rec.interval_invalid' };
  if (!inputToIso(f.start)) return { key: 'rec.start_invalid' };
  if (f.end_kind === 'count' && positive(f.count) === null) return { key: 'rec.count_invalid' };
  if (f.end_kind === 'until' && !inputToIso(f.end)) return { key: 'rec.end_invalid' };
  const bad = f.draft.lines.findIndex((l) => lineToApi(l) === null);
  if (bad >= 0) return { key: 'ed.line_incomplete', n: bad + 1 };
  return null;
}

/** The request that creates the form's template (to update: add the id); null while
 * `formProblem` finds something. The invoice's own dates are left out: each occurrence sets
 * them. */
export function formToRequest(f: RecurringForm, orgId: number | null): CreateRecurring | null {
  const schedule = formSchedule(f);
  if (formProblem(f) !== null || schedule === null || f.draft.customer_id === null) return null;
  const { content } = draftToContent(f.draft);
  content.issue_date = null;
  content.due_date = null;
  content.delivery_date = null;
  content.valid_until = null;
  return {
    org_id: orgId,
    name: f.name.trim(),
    customer_id: f.draft.customer_id,
    schedule,
    mode: f.mode,
    service_period: f.service_period,
    content,
  };
}

/** The schedule in words: the plural stem for its unit and the count that goes with it. */
export function everyKey(s: { unit: ScheduleUnit; interval: number }): {
  stem: 'rec.every_days' | 'rec.every_weeks' | 'rec.every_months' | 'rec.every_quarters' | 'rec.every_years';
  count: number;
} {
  const { frequency, every } = fromUnit(s.unit, s.interval);
  return { stem: `rec.every_${frequency}`, count: every };
}

/** Calls `onchange` after each background run that made or tried something. */
export function onRecurringRan(onchange: () => void): () => void {
  return listenUntilStopped(events.recurringRan, onchange);
}
