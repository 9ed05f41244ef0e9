import { describe, expect, it } from 'vitest';
import { emptyStage, failureReasons, formToPolicy, outcomeKey, policyToForm, stageLabel, toneKey } from './reminders';
import { translate } from './i18n/messages';

describe('reminder policy form', () => {
  it('round-trips a policy with an own text', () => {
    const policy = {
      stages: [
        { key: 'courtesy', offset_days: -3, tone: 'courtesy' as const },
        { key: 'first', offset_days: 2, tone: 'reminder' as const, texts: [{ language: 'en' as const, subject: 'Invoice {number}', body: 'Hello' }] },
      ],
    };
    const form = policyToForm(policy);
    expect(form[1].texts.en).toEqual({ on: true, subject: 'Invoice {number}', body: 'Hello' });
    expect(form[1].texts.fr.on).toBe(false);
    expect(formToPolicy(form)).toEqual({
      stages: [
        { key: 'courtesy', offset_days: -3, tone: 'courtesy', texts: [] },
        { key: 'first', offset_days: 2, tone: 'reminder', texts: [{ language: 'en', subject: 'Invoice {number}', body: 'Hello' }] },
      ],
    });
  });

  it('sends names trimmed and a text only when switched on', () => {
    const s = emptyStage();
    s.key = ' late ';
    s.offset_days = 10;
    s.texts.fr = { on: false, subject: 'kept out', body: 'kept out' };
    expect(formToPolicy([s]).stages[0]).toEqual({ key: 'late', offset_days: 10, tone: 'reminder', texts: [] });
  });

  it('names outcomes by delivery, then by status', () => {
    expect(outcomeKey('queued', 'sent')).toBe('outbox.state.sent');
    expect(outcomeKey('review', null)).toBe('rem.status.review');
    expect(outcomeKey('strange', null)).toBeNull();
    expect(toneKey('formal_notice')).toBe('rem.tone.formal_notice');
    expect(toneKey(null)).toBe('rem.tone.reminder');
  });

  it('reads default stages by name, others by key and tone', () => {
    const fr = (k: Parameters<typeof translate>[1]) => translate('fr', k);
    expect(stageLabel('first', 'reminder', fr)).toBe('Première relance');
    expect(stageLabel('late', 'firm', fr)).toBe('late (Ferme)');
  });
});

describe('failureReasons', () => {
  const paid = { code: 'conflict', message: 'F-3 no longer awaits payment or its reminders are paused: nothing sent' };
  it('says each reason once, after the numbers it concerns', () => {
    const failed = [
      { number: 'F-1', code: 'no_recipient', message: 'Atelier has no email address: add one to the customer' },
      { number: 'F-3', ...paid },
      { number: 'F-2', code: 'no_recipient', message: 'Atelier has no email address: add one to the customer' },
    ];
    expect(failureReasons(failed, 'en')).toBe(
      'F-1, F-2: Atelier has no email address: add one to the customer · F-3: ' + paid.message,
    );
  });
  it('in French, a sentence of its own where the code has one', () => {
    const failed = [
      { number: 'F-1', code: 'mail_not_configured', message: 'Set up the account first' },
      { number: 'F-2', code: 'mail_not_configured', message: 'Set up the account first' },
    ];
    expect(failureReasons(failed, 'fr')).toBe("F-1, F-2 : Aucun compte e-mail n'est configuré : voir Réglages → E-mail.");
  });
  it('at most three reasons, then how many more', () => {
    const failed = [1, 2, 3, 4, 5].map((n) => ({ number: `F-${n}`, code: 'conflict', message: `reason ${n}` }));
    expect(failureReasons(failed, 'en')).toBe('F-1: reason 1 · F-2: reason 2 · F-3: reason 3 · (+2)');
  });
});
