import { describe, expect, it } from 'vitest';
import { emptyForm, everyKey, firstOfNextMonth, formProblem, formSchedule, formToRequest, fromUnit, positive, toUnit } from './recurring';

function filled() {
  const f = emptyForm('EUR', false, 30, '2026-11-29');
  f.name = ' Hosting ';
  f.draft.customer_id = 4;
  f.draft.lines[0].name = 'Hébergement';
  f.draft.lines[0].quantity = '1';
  f.draft.lines[0].unit_price = '49,90';
  return f;
}

describe('recurring', () => {
  it('says quarters and years as months', () => {
    expect(toUnit('quarters', 1)).toEqual({ unit: 'months', interval: 3 });
    expect(toUnit('years', 2)).toEqual({ unit: 'months', interval: 24 });
    expect(toUnit('weeks', 2)).toEqual({ unit: 'weeks', interval: 2 });
    expect(fromUnit('months', 12)).toEqual({ frequency: 'years', every: 1 });
    expect(fromUnit('months', 6)).toEqual({ frequency: 'quarters', every: 2 });
    expect(fromUnit('months', 5)).toEqual({ frequency: 'months', every: 5 });
    expect(fromUnit('days', 12)).toEqual({ frequency: 'days', every: 12 });
    expect(everyKey({ unit: 'months', interval: 3 })).toEqual({ stem: 'rec.every_quarters', count: 1 });
  });

  it('starts on the 1st of next month', () => {
    expect(firstOfNextMonth('2026-11-29')).toBe('2026-12-01');
    expect(firstOfNextMonth('2026-12-31')).toBe('2027-01-01');
  });

  it('takes whole numbers from 1', () => {
    expect(positive('3')).toBe(3);
    expect(positive(' 12 ')).toBe(12);
    for (const bad of ['0', '-1', '1.5', '', 'x']) expect(positive(bad)).toBeNull();
  });

  it('builds the request with decimal strings and no dates', () => {
    const f = filled();
    f.frequency = 'quarters';
    f.end_kind = 'count';
    f.count = '4';
    const req = formToRequest(f, 1)!;
    expect(req.name).toBe('Hosting');
    expect(req.customer_id).toBe(4);
    expect(req.schedule).toEqual({ unit: 'months', interval: 3, start: '2026-12-01', end: null, count: 4 });
    expect(req.content.lines[0].unit_price).toBe('49.90');
    expect(req.content.issue_date).toBeNull();
    expect(req.content.due_date).toBeNull();
    expect(req.content.payment_terms_days).toBe(30);
  });

  it('says what is missing', () => {
    const f = filled();
    expect(formProblem(f)).toBeNull();
    f.every = '0';
    expect(formProblem(f)?.key).toBe('rec.interval_invalid');
    expect(formSchedule(f)).toBeNull();
    f.every = '1';
    f.end_kind = 'until';
    expect(formProblem(f)?.key).toBe('rec.end_invalid');
    f.end = '2027-06-30';
    expect(formSchedule(f)?.end).toBe('2027-06-30');
    f.draft.lines[0].unit_price = '';
    expect(formProblem(f)).toEqual({ key: 'ed.line_incomplete', n: 1 });
    expect(formToRequest(f, 1)).toBeNull();
    f.name = '';
    expect(formProblem(f)?.key).toBe('rec.name_required');
  });
});
