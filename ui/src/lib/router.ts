// A tiny hash router: `#/invoices/42` ⇄ `{ name: 'invoice', id: 42 }`. Pure; the reactive
// part lives in router.svelte.ts.

export type Route =
  | { name: 'dashboard' }
  | { name: 'customers' }
  | { name: 'invoices' }
  | { name: 'invoice'; id: number }
  | { name: 'new-invoice' }
  | { name: 'quotes' }
  | { name: 'quote'; id: number }
  | { name: 'new-quote' }
  | { name: 'recurring' }
  | { name: 'payments' }
  | { name: 'bank' }
  | { name: 'purchases' }
  | { name: 'outbox' }
  | { name: 'reports' }
  | { name: 'settings' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const [head, arg] = path.split('/');
  const id = arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : null;
  switch (head) {
    case 'customers':
      return { name: 'customers' };
    case 'invoices':
      if (arg === 'new') return { name: 'new-invoice' };
      return id !== null ? { name: 'invoice', id } : { name: 'invoices' };
    case 'quotes':
      if (arg === 'new') return { name: 'new-quote' };
      return id !== null ? { name: 'quote', id } : { name: 'quotes' };
    case 'recurring':
      return { name: 'recurring' };
    case 'payments':
      return { name: 'payments' };
    case 'bank':
      return { name: 'bank' };
    case 'purchases':
      return { name: 'purchases' };
    case 'outbox':
      return { name: 'outbox' };
    case 'reports':
      return { name: 'reports' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'dashboard' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'dashboard':
      return '#/';
    case 'invoice':
      return `#/invoices/${route.id}`;
    case 'new-invoice':
      return '#/invoices/new';
    case 'quote':
      return `#/quotes/${route.id}`;
    case 'new-quote':
      return '#/quotes/new';
    default:
      return `#/${route.name}`;
  }
}

/** The route of a document, by kind: quotes have their own section. */
export function documentRoute(kind: string, id: number): Route {
  return kind === 'quote' ? { name: 'quote', id } : { name: 'invoice', id };
}
