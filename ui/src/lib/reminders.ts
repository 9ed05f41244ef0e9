// Payment reminders in the UI: the event the background task sends after a run, labels of
// tones and statuses, and the policy editor's model. What is due, the dates and every check
// of a policy come from Rust; nothing here computes a reminder.
import { events } from './contract';
import { listenUntilStopped } from './outboxEvents';
import type { Lang, MessageKey } from './i18n/messages';
import { localizedError } from './errors';

/** Calls `onchange` after each background run that did something (queued, sent, put up for
 * review…) until the returned function is called. Outside the app nothing happens. */
export function onRemindersRan(onchange: () => void): () => void {
  return listenUntilStopped(events.remindersRan, onchange);
}

export const TONES = ['courtesy', 'reminder', 'firm', 'formal_notice'] as const;
export type ToneCode = (typeof TONES)[number];

export function toneKey(tone: string | null | undefined): MessageKey {
  return (TONES as readonly string[]).includes(tone ?? '') ? (`rem.tone.${tone}` as MessageKey) : 'rem.tone.reminder';
}

const STATUSES = ['queued', 'review', 'skipped', 'superseded', 'dropped'];

/** What became of a recorded reminder: its email's delivery state when it was queued, else its
 * own status (waiting for review, skipped…). */
export function outcomeKey(status: string, delivery: string | null | undefined): MessageKey | null {
  if (status === 'queued' && delivery) return `outbox.state.${delivery}` as MessageKey;
  return STATUSES.includes(status) ? (`rem.status.${status}` as MessageKey) : null;
}

export type Lang2 = 'fr' | 'en';

/** One stage as the editor holds it: the offset as a field value, texts per language. */
export interface StageForm {
  key: string;
  offset_days: number | null;
  tone: ToneCode;
  texts: Record<Lang2, { on: boolean; subject: string; body: string }>;
}

export interface PolicyLike {
  stages: { key: string; offset_days: number; tone: string; texts?: { language: string; subject: string; body: string }[] }[];
}

export function policyToForm(p: PolicyLike): StageForm[] {
  return p.stages.map((s) => {
    const text = (lang: Lang2) => {
      const found = (s.texts ?? []).find((x) => x.language === lang);
      return { on: !!found, subject: found?.subject ?? '', body: found?.body ?? '' };
    };
    return {
      key: s.key,
      offset_days: s.offset_days,
      tone: ((TONES as readonly string[]).includes(s.tone) ? s.tone : 'reminder') as ToneCode,
      texts: { fr: text('fr'), en: text('en') },
    };
  });
}

/** The policy Rust receives (the day field is required, so it is never empty on submit). */
export function formToPolicy(stages: StageForm[]): { stages: { key: string; offset_days: number; tone: ToneCode; texts: { language: Lang2; subject: string; body: string }[] }[] } {
  return {
    stages: stages.map((s) => ({
      key: s.key.trim(),
      offset_days: typeof s.offset_days === 'number' && Number.isFinite(s.offset_days) ? Math.trunc(s.offset_days) : 0,
      tone: s.tone,
      texts: (['fr', 'en'] as const)
        .filter((l) => s.texts[l].on)
        .map((l) => ({ language: l, subject: s.texts[l].subject, body: s.texts[l].body })),
    })),
  };
}

export function emptyStage(): StageForm {
  return {
    key: '',
    offset_days: null,
    tone: 'reminder',
    texts: { fr: { on: false, subject: '', body: '' }, en: { on: false, subject: '', body: '' } },
  };
}

const DEFAULT_STAGES = ['courtesy', 'first', 'second', 'final', 'formal_notice'];

/** A stage as people read it: the default policy's stages by name ("First reminder"), any
 * other by its key and tone ("late (Firm)"). */
export function stageLabel(stage: string, tone: string | null | undefined, tr: (k: MessageKey) => string): string {
  if (DEFAULT_STAGES.includes(stage)) return tr(`rem.stage.${stage}` as MessageKey);
  return `${stage} (${tr(toneKey(tone))})`;
}

/** Why some reminders could not be decided with the others, in one short text: each distinct
 * reason once (in `lang` where it has a sentence of its own), after the invoice numbers it
 * concerns; at most `max` reasons, then how many more. */
export function failureReasons(
  failed: readonly { number: string; code: string; message: string }[],
  lang: Lang,
  max = 3,
): string {
  const byReason = new Map<string, string[]>();
  for (const f of failed) {
    const reason = localizedError(f.code, f.message, lang);
    byReason.set(reason, [...(byReason.get(reason) ?? []), f.number]);
  }
  const colon = lang === 'fr' ? ' : ' : ': ';
  const parts = [...byReason].map(([reason, numbers]) => `${numbers.join(', ')}${colon}${reason}`);
  const shown = parts.slice(0, max);
  if (parts.length > max) shown.push(`(+${parts.length - max})`);
  return shown.join(' · ');
}
