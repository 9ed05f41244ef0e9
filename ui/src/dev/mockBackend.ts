// DEV ONLY: a tiny in-memory stand-in for the Rust commands, so the UI can be looked at in a
// plain browser (`npm run dev` outside Tauri). Never in a build: main.ts imports it only when
// import.meta.env.DEV and no Tauri host is present. Its figures are fixtures, not arithmetic.
import { mockIPC } from '@tauri-apps/api/mocks';

const org = {
  id: 1,
  uid: 'o1',
  legal_name: 'Camille Martin EI',
  legal_form: 'EI',
  address: { line1: '12 rue des Lilas', postcode: '69003', city: 'Lyon', country: 'FR' },
  siren: '732829320',
  vat_number: 'FR44732829320',
  currency: 'EUR',
  language: 'fr',
  payment_terms_days: 30,
  vat_regime: 'normal',
  vat_on_debits: false,
};
const customers = [
  { id: 1, uid: 'c1', org_id: 1, archived: false, kind: 'business', name: 'Boulangerie Dupont SARL', address: { line1: '1 place Bellecour', postcode: '69002', city: 'Lyon', country: 'FR' }, emails: ['compta@dupont.fr'] },
  { id: 2, uid: 'c2', org_id: 1, archived: false, kind: 'individual', name: 'Jeanne Petit', address: { line1: '5 rue Victor Hugo', postcode: '75001', city: 'Paris', country: 'FR' }, emails: [] },
];
const totals = {
  line_nets: ['1200.00', '450.00', '80.00'],
  line_total: '1730.00',
  allowance_total: '0.00',
  charge_total: '0.00',
  tax_exclusive: '1730.00',
  tax_total: '289.40',
  tax_inclusive: '2019.40',
  prepaid: '0.00',
  rounding: '0.00',
  due: '2019.40',
  vat_breakdown: [
    { category: 'S', rate: '20', taxable: '1200.00', tax: '240.00' },
    { category: 'S', rate: '10', taxable: '450.00', tax: '45.00' },
    { category: 'S', rate: '5.5', taxable: '80.00', tax: '4.40' },
  ],
};
const statuses = ['paid', 'partially_paid', 'sent', 'issued', 'draft', 'credited'];
function summary(i: number) {
  const status = statuses[i % statuses.length];
  return {
    id: i + 1,
    kind: 'invoice',
    status,
    number: status === 'draft' ? null : `F-2026-${String(5000 - i).padStart(4, '0')}`,
    customer_id: 1 + (i % 2),
    buyer_name: customers[i % 2].name,
    currency: 'EUR',
    issue_date: status === 'draft' ? null : '2026-03-14',
    due_date: status === 'draft' ? null : '2026-04-13',
    total_excl: '1730.00',
    total_incl: '2019.40',
    balance: status === 'paid' ? '0.00' : '2019.40',
    overdue: i % 7 === 3,
  };
}
function record(id: number) {
  const s = summary(id - 1);
  return {
    ...s,
    uid: 'd',
    org_id: 1,
    kind: 'invoice',
    content: {
      currency: 'EUR',
      payment_terms_days: 30,
      lines: [
        { name: 'Développement web', quantity: '8', unit: 'HUR', unit_price: '150', vat_category: 'S', vat_rate: '20' },
        { name: 'Formation', quantity: '1', unit: 'DAY', unit_price: '450', vat_category: 'S', vat_rate: '10' },
        { name: 'Livres', quantity: '2', unit: 'C62', unit_price: '40', vat_category: 'S', vat_rate: '5.5' },
      ],
    },
    totals,
    seller: org,
    buyer: customers[0],
    paid: s.status === 'paid' ? '2019.40' : '0.00',
    credited: '0.00',
    preceding_id: null,
    content_hash: null,
    issued_at: null,
    sent_at: null,
    reminders_paused: false,
    created_at: '2026-03-14T10:00:00Z',
    updated_at: '2026-03-14T10:00:00Z',
  };
}

const policy = {
  stages: [
    { key: 'courtesy', offset_days: -3, tone: 'courtesy' },
    { key: 'first', offset_days: 1, tone: 'reminder' },
    { key: 'second', offset_days: 7, tone: 'reminder' },
    { key: 'final', offset_days: 15, tone: 'firm' },
    { key: 'formal_notice', offset_days: 30, tone: 'formal_notice' },
  ],
};

function reminder(id: number, stage: string, tone: string, status: string, delivery: string | null) {
  return {
    id,
    invoice_id: 1,
    number: 'F-2026-5000',
    buyer_name: 'Boulangerie Dupont SARL',
    stage,
    tone,
    due_on: '2026-03-19',
    status,
    channel: 'email',
    created_at: '2026-03-19T08:00:00Z',
    decided_at: null,
    outbox_id: delivery ? 3 : null,
    delivery,
    message_id: null,
    sent_at: delivery === 'sent' ? '2026-03-19T08:00:03Z' : null,
    error: null,
  };
}

export function installMockBackend(): void {
  const params = new URLSearchParams(location.search);
  const empty = params.has('empty');
  if (params.has('dark')) document.documentElement.dataset.theme = 'dark';
  const answer = (cmd: string, req: Record<string, unknown>): unknown => {
    switch (cmd) {
      case 'first_screen':
        return { info: answer('app_info', {}), organizations: answer('organizations', {}), dashboard: empty ? null : answer('dashboard_screen', {}) };
      case 'dashboard_screen':
        return {
          org_id: 1,
          dashboard: answer('dashboard', {}),
          overdue: (answer('list_documents', { limit: 8 }) as { items: unknown[] }).items.slice(0, 3),
          drafts: [],
          reminders: answer('list_reminders', {}),
          reminder_days: 14,
          reminder_rows: 10,
        };
      case 'app_info':
        return { version: '0.1.0-dev', db_path: '/home/me/.local/share/autoinvoice/autoinvoice.db', data_dir: '/home/me/.local/share/autoinvoice', documents_dir: '/home/me/Documents/AutoInvoice', today: '2026-03-20' };
      case 'organizations':
        return empty ? [] : [org];
      case 'dashboard':
        return {
          today: '2026-03-20',
          figures: [{ currency: 'EUR', outstanding: '48210.50', open_count: 31, overdue: '9120.00', overdue_count: 6, paid_this_month: '12480.00' }],
          revenue_by_month: ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'].map((month, i) => ({ month, currency: 'EUR', revenue: String(8000 + ((i * 3779) % 9000)) + '.00' })),
        };
      case 'list_customers':
        return customers;
      case 'list_documents': {
        const offset = Number(req.offset ?? 0);
        const limit = Number(req.limit ?? 50);
        const total = 5000;
        const items = [];
        for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(summary(i));
        return { total: 1000, total_is_exact: false, items };
      }
      case 'get_document':
        return record(Number(req.document));
      case 'compute_totals':
        return totals;
      case 'series':
        return [{ id: 1, org_id: 1, kind: 'invoice', name: 'Factures', pattern: 'F-{YYYY}-{seq:4}', reset: 'yearly', period: '2026', next_seq: 42, last_issue_date: '2026-03-14', is_default: true }];
      case 'document_settings':
        return { paper: 'a4', accent: '#1f4e79', font_size: 9, show_payment: true, show_payment_qr: true, show_notes: true, show_footer: true, show_delivery_address: true, profile: 'en16931' };
      case 'list_payments':
        return [{ id: 1, uid: 'p', date: '2026-03-18', amount: '500.00', currency: 'EUR', method: 'transfer', reference: 'VIR 123', allocations: [{ invoice_id: 1, number: 'F-2026-5000', amount: '500.00' }], created_at: '' }];
      case 'preview_pdf':
        // Serve `ui/dev-fixture.pdf` when a developer put one there (never committed).
        return fetch('/dev-fixture.pdf').then(async (r) => {
          if (!r.ok) throw { code: 'unsupported', message: 'No PDF in the browser mock (put one at ui/dev-fixture.pdf).' };
          const bytes = new Uint8Array(await r.arrayBuffer());
          let bin = '';
          for (const b of bytes) bin += String.fromCharCode(b);
          return btoa(bin);
        });
      case 'mail_presets':
        return [{ name: 'gmail', label: 'Gmail / Google Workspace', host: 'smtp.gmail.com', port: 587, security: 'starttls', note: 'User: your full address. Password: an app password.' }];
      case 'mail_config':
        return { settings: { preset: 'gmail', host: 'smtp.gmail.com', port: 587, security: 'starttls', username: 'camille@gmail.com', from_address: 'camille@gmail.com', from_name: 'Camille Martin EI', reply_to: null, bcc_self: true, trusted_cert_pem: null }, password_stored: true, keyring: 'secret-service' };
      case 'mail_test':
        throw { code: 'auth', message: 'The server refused the login: 535 5.7.8 Username and Password not accepted.' };
      case 'mail_preview':
        return { from: 'Camille Martin EI <camille@gmail.com>', reply_to: null, to: ['compta@dupont.fr'], cc: [], bcc: ['camille@gmail.com'], subject: 'Facture F-2026-5000', body: 'Bonjour,\n\nVeuillez trouver ci-joint la facture F-2026-5000 de 2 019,40 EUR.\n\nCordialement,\nCamille Martin EI\n', attachments: [{ filename: 'F-2026-5000.pdf', content_type: 'application/pdf', size: 41230 }] };
      case 'outbox_list':
        return [
          { id: 2, org_id: 1, invoice_id: 1, kind: 'document', message_id: '<b@x>', envelope_from: 'camille@gmail.com', to: ['compta@dupont.fr'], cc: [], bcc: [], subject: 'Facture F-2026-5000', state: 'queued', attempts: 2, next_attempt_at: '2026-03-20T10:04:00Z', last_error_code: 'connect', last_error_message: 'Could not connect to smtp.gmail.com:587: connection refused.', smtp_reply: null, created_at: '2026-03-20T10:00:00Z', sent_at: null, size: 41230 },
          { id: 1, org_id: 1, invoice_id: 2, kind: 'document', message_id: '<a@x>', envelope_from: 'camille@gmail.com', to: ['jeanne@petit.fr'], cc: [], bcc: [], subject: 'Facture F-2026-4999', state: 'sent', attempts: 1, next_attempt_at: '2026-03-19T09:00:00Z', last_error_code: null, last_error_message: null, smtp_reply: '250 OK', created_at: '2026-03-19T09:00:00Z', sent_at: '2026-03-19T09:00:02Z', size: 41230 },
        ];
      case 'outbox_run':
        return { busy: false, recovered: { requeued: 0, uncertain: 0, invoices_recorded: 0 }, sent: 1, retry_later: 0, failed: 0 };
      case 'default_reminder_policy':
        return policy;
      case 'reminder_settings':
        return { enabled: true, review: true, time_zone: 'Europe/Paris', catch_up_days: 30, policy };
      case 'list_reminders':
        return {
          org_id: 1,
          enabled: true,
          review: true,
          time_zone: 'Europe/Paris',
          today: '2026-03-20',
          due: [{ invoice_id: 3, number: 'F-2026-4998', customer_id: 1, buyer_name: 'Boulangerie Dupont SARL', stage: 'second', tone: 'reminder', due_on: '2026-03-20', due_date: '2026-03-13', balance: '1200.00', currency: 'EUR' }],
          due_total: 13,
          upcoming: [{ invoice_id: 1, number: 'F-2026-5000', customer_id: 1, buyer_name: 'Boulangerie Dupont SARL', stage: 'courtesy', tone: 'courtesy', due_on: '2026-03-27', due_date: '2026-03-30', balance: '2019.40', currency: 'EUR' }],
          upcoming_total: 1,
          in_review: [reminder(7, 'first', 'reminder', 'review', null)],
          in_review_total: 1,
        };
      case 'invoice_reminders':
        return {
          invoice_id: Number(req.document),
          number: 'F-2026-5000',
          paused: false,
          customer_paused: false,
          policy_source: 'organization',
          history: [reminder(5, 'courtesy', 'courtesy', 'queued', 'sent'), reminder(7, 'first', 'reminder', 'review', null)],
          next: { invoice_id: 1, number: 'F-2026-5000', customer_id: 1, buyer_name: 'Boulangerie Dupont SARL', stage: 'second', tone: 'reminder', due_on: '2026-04-06', due_date: '2026-03-30', balance: '2019.40', currency: 'EUR' },
        };
      case 'customer_reminders':
        return { customer_id: Number(req.customer_id), paused: false, policy: null };
      case 'create_organization':
        throw { code: 'invalid_siren', message: 'siren: 123 is not a valid SIREN (9 digits, Luhn key)' };
      default:
        throw { code: 'mock', message: `The dev mock does not answer ${cmd}.` };
    }
  };
  mockIPC((cmd, payload) => answer(cmd, ((payload ?? {}) as { req?: Record<string, unknown> }).req ?? {}));
}
