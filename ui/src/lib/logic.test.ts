import { describe, expect, it } from 'vitest';
import { addDays, dueFromTerms } from './dates';
import { contentToDraft, decimalForInput, draftToContent, emptyDraft, emptyLine } from './draft';
import { shortcutFor, type KeyLike } from './shortcuts';
import { ApiFailure, call, toFailure } from './api';

const key = (k: Partial<KeyLike> & { key: string }): KeyLike => ({
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inField: false,
  ...k,
});

describe('dates', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(dueFromTerms(null, '2026-05-10', 30)).toBe('2026-06-09');
    expect(dueFromTerms('2026-05-01', '2026-05-10', null)).toBeNull();
  });
});

describe('draft ⇄ content', () => {
  it('sends only finished lines, and says so', () => {
    const f = emptyDraft('EUR', false, 30);
    f.lines[0].name = 'Consulting';
    f.lines[0].quantity = '2,5';
    f.lines[0].unit_price = '1 200';
    f.lines[0].discount = '10';
    f.lines.push(emptyLine(false));
    const { content, complete } = draftToContent(f);
    expect(complete).toBe(false);
    expect(content.lines).toEqual([
      {
        name: 'Consulting',
        description: null,
        quantity: '2.5',
        unit: 'C62',
        unit_price: '1200',
        vat_category: 'S',
        vat_rate: '20',
        allowances_charges: [{ charge: false, percent: '10' }],
      },
    ]);
    expect(content.payment_terms_days).toBe(30);
  });

  it('gives category O no rate, and round-trips', () => {
    const f = emptyDraft('EUR', false, null);
    Object.assign(f.lines[0], { name: 'Out of scope', unit_price: '5', vat_category: 'O', vat_rate: '' });
    const { content, complete } = draftToContent(f);
    expect(complete).toBe(true);
    expect(content.lines[0].vat_rate).toBeNull();
    const back = contentToDraft(3, content);
    expect(back.customer_id).toBe(3);
    expect(back.lines[0].name).toBe('Out of scope');
  });

  it('shows the figures of a stored draft as the user writes them, and reads them back the same', () => {
    const f = emptyDraft('EUR', false, null);
    Object.assign(f.lines[0], { name: 'Hébergement', quantity: '2,5', unit_price: '49,9', discount: '12,5' });
    const { content } = draftToContent(f);
    expect(content.lines[0].quantity).toBe('2.5');
    const fr = contentToDraft(1, content, 'fr');
    expect([fr.lines[0].quantity, fr.lines[0].unit_price, fr.lines[0].discount]).toEqual(['2,5', '49,90', '12,5']);
    const en = contentToDraft(1, content, 'en');
    expect([en.lines[0].quantity, en.lines[0].unit_price]).toEqual(['2.5', '49.90']);
    const again = draftToContent(fr).content.lines[0];
    expect([again.quantity, again.unit_price]).toEqual(['2.5', '49.90']);
    expect(decimalForInput('1200', 'fr', 2)).toBe('1200,00');
    expect(decimalForInput('0.125', 'fr', 2)).toBe('0,125');
    expect(decimalForInput('-3', 'en')).toBe('-3');
  });
});

describe('shortcuts', () => {
  it('maps the frequent actions', () => {
    expect(shortcutFor(key({ key: 'n', ctrlKey: true }))).toBe('new-invoice');
    expect(shortcutFor(key({ key: 'K', metaKey: true }))).toBe('search');
    expect(shortcutFor(key({ key: 's', ctrlKey: true, inField: true }))).toBe('save');
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true }))).toBe('issue');
    expect(shortcutFor(key({ key: '3', altKey: true }))).toBe('go-invoices');
    expect(shortcutFor(key({ key: '?' }))).toBe('help');
  });
  it('lets "?" type text in a field', () => {
    expect(shortcutFor(key({ key: '?', inField: true }))).toBeNull();
    expect(shortcutFor(key({ key: 'n' }))).toBeNull();
  });
});

describe('api.call', () => {
  it('unwraps ok results', async () => {
    await expect(call(Promise.resolve({ status: 'ok' as const, data: 42 }))).resolves.toBe(42);
  });
  it('throws ApiFailure with the code on errors', async () => {
    const err = call(Promise.resolve({ status: 'error' as const, error: { code: 'invalid_siren', message: 'bad' } }));
    await expect(err).rejects.toBeInstanceOf(ApiFailure);
    await expect(err).rejects.toMatchObject({ code: 'invalid_siren', message: 'bad' });
  });
  it('turns IPC failures into ApiFailure', () => {
    expect(toFailure(new Error('boom'))).toMatchObject({ code: 'ipc', message: 'boom' });
    expect(toFailure({ code: 'x', message: 'y' })).toMatchObject({ code: 'x', message: 'y' });
  });
});
