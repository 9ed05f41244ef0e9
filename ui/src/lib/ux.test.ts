import { describe, expect, it } from 'vitest';
import { inputToIso, isoToInput } from './dateInput';
import { pluralKey, translate } from './i18n/messages';
import { en } from './i18n/en';
import { withToast, type Toast } from './toastQueue';

describe('date fields in the app language', () => {
  it('shows ISO dates day first', () => {
    expect(isoToInput('2026-03-05')).toBe('05/03/2026');
    expect(isoToInput('')).toBe('');
  });
  it('reads what people type', () => {
    expect(inputToIso('5/3/2026')).toBe('2026-03-05');
    expect(inputToIso('05.03.26')).toBe('2026-03-05');
    expect(inputToIso('2026-03-05')).toBe('2026-03-05');
    expect(inputToIso('  ')).toBe('');
    expect(inputToIso('31/02/2026')).toBeNull();
    expect(inputToIso('03/05')).toBeNull();
    expect(inputToIso('soon')).toBeNull();
  });
});

describe('plurals', () => {
  it('follows each language: French 0 and 1 are singular', () => {
    expect(translate('fr', pluralKey('fr', 'plural.documents', 1), { count: 1 })).toBe('1 document');
    expect(translate('fr', pluralKey('fr', 'plural.documents', 0), { count: 0 })).toBe('0 document');
    expect(translate('fr', pluralKey('fr', 'plural.documents', 2), { count: 2 })).toBe('2 documents');
    expect(translate('en', pluralKey('en', 'plural.documents', 0), { count: 0 })).toBe('0 documents');
    expect(translate('en', pluralKey('en', 'plural.documents', 1), { count: 1 })).toBe('1 document');
    // French "many" (1 000 000) has no text of its own: the plural.
    expect(pluralKey('fr', 'plural.documents', 1_000_000)).toBe('plural.documents.other');
  });
  it('has an .other form for every .one', () => {
    for (const k of Object.keys(en)) if (k.endsWith('.one')) expect(Object.keys(en)).toContain(k.replace(/\.one$/, '.other'));
  });
});

describe('toasts', () => {
  const ok = (id: number): Toast => ({ id, kind: 'ok', text: `ok ${id}` });
  const err = (id: number): Toast => ({ id, kind: 'error', text: `err ${id}` });
  it('keeps at most three, dropping old successes first', () => {
    let items: Toast[] = [];
    for (const t of [err(1), ok(2), ok(3), ok(4)]) items = withToast(items, t);
    expect(items.map((t) => t.id)).toEqual([1, 3, 4]);
    items = withToast(items, err(5));
    items = withToast(items, err(6));
    expect(items.map((t) => t.id)).toEqual([1, 5, 6]);
    items = withToast(items, err(7));
    expect(items.map((t) => t.id)).toEqual([5, 6, 7]);
  });
});
