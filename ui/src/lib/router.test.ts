import { describe, expect, it } from 'vitest';
import { documentRoute, hrefOf, parseHash, type Route } from './router';

describe('router', () => {
  it('parses hashes', () => {
    expect(parseHash('')).toEqual({ name: 'dashboard' });
    expect(parseHash('#/')).toEqual({ name: 'dashboard' });
    expect(parseHash('#/invoices')).toEqual({ name: 'invoices' });
    expect(parseHash('#/invoices/42')).toEqual({ name: 'invoice', id: 42 });
    expect(parseHash('#/invoices/new')).toEqual({ name: 'new-invoice' });
    expect(parseHash('#/quotes/7/')).toEqual({ name: 'quote', id: 7 });
    expect(parseHash('#/invoices/x')).toEqual({ name: 'invoices' });
    expect(parseHash('#/outbox')).toEqual({ name: 'outbox' });
    expect(parseHash('#/reports')).toEqual({ name: 'reports' });
    expect(parseHash('#/purchases')).toEqual({ name: 'purchases' });
    expect(parseHash('#/recurring')).toEqual({ name: 'recurring' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'dashboard' });
  });

  it('round-trips every route', () => {
    const routes: Route[] = [
      { name: 'dashboard' },
      { name: 'customers' },
      { name: 'invoices' },
      { name: 'invoice', id: 3 },
      { name: 'new-invoice' },
      { name: 'quotes' },
      { name: 'quote', id: 9 },
      { name: 'new-quote' },
      { name: 'recurring' },
      { name: 'payments' },
      { name: 'outbox' },
      { name: 'reports' },
      { name: 'purchases' },
      { name: 'settings' },
    ];
    for (const r of routes) expect(parseHash(hrefOf(r))).toEqual(r);
  });

  it('sends quotes to their own section', () => {
    expect(documentRoute('quote', 5)).toEqual({ name: 'quote', id: 5 });
    expect(documentRoute('credit_note', 5)).toEqual({ name: 'invoice', id: 5 });
  });
});
