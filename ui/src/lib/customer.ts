// The customer form as text ⇄ the API's Customer.
import type { Customer, CustomerKind, Language } from './contract';

export type CustomerForm = {
  kind: CustomerKind;
  name: string;
  address: { line1: string; line2: string | null; postcode: string; city: string; country: string };
  siren: string;
  vat_number: string;
  emails: string;
  language: '' | Language;
  currency: string;
  payment_terms_days: string;
  notes: string;
  /** Null when goods and services go to the billing address. */
  delivery: { line1: string; line2: string | null; postcode: string; city: string; country: string } | null;
};

export function emptyCustomerForm(): CustomerForm {
  return {
    kind: 'business',
    name: '',
    address: { line1: '', line2: null, postcode: '', city: '', country: 'FR' },
    siren: '',
    vat_number: '',
    emails: '',
    language: '',
    currency: '',
    payment_terms_days: '',
    notes: '',
    delivery: null,
  };
}

export function customerToForm(c: Customer): CustomerForm {
  return {
    kind: c.kind ?? 'business',
    name: c.name,
    address: {
      line1: c.address.line1,
      line2: c.address.line2 ?? null,
      postcode: c.address.postcode,
      city: c.address.city,
      country: c.address.country,
    },
    siren: c.siren ?? '',
    vat_number: c.vat_number ?? '',
    emails: (c.emails ?? []).join(', '),
    language: c.language ?? '',
    currency: c.currency ?? '',
    payment_terms_days: c.payment_terms_days == null ? '' : String(c.payment_terms_days),
    notes: c.notes ?? '',
    delivery: c.delivery_address
      ? {
          line1: c.delivery_address.line1,
          line2: c.delivery_address.line2 ?? null,
          postcode: c.delivery_address.postcode,
          city: c.delivery_address.city,
          country: c.delivery_address.country,
        }
      : null,
  };
}

const opt = (v: string): string | null => (v.trim() === '' ? null : v.trim());

export function formToCustomer(f: CustomerForm): Customer {
  const terms = f.payment_terms_days.trim() === '' ? null : Number(f.payment_terms_days);
  return {
    kind: f.kind,
    name: f.name.trim(),
    address: {
      line1: f.address.line1.trim(),
      line2: f.address.line2 ? opt(f.address.line2) : null,
      postcode: f.address.postcode.trim(),
      city: f.address.city.trim(),
      country: f.address.country.trim().toUpperCase(),
    },
    siren: opt(f.siren.replace(/\s/g, '')),
    vat_number: opt(f.vat_number.replace(/\s/g, '')),
    emails: f.emails
      .split(/[,;\s]+/)
      .map((e) => e.trim())
      .filter((e) => e !== ''),
    language: f.language === '' ? null : f.language,
    currency: opt(f.currency.toUpperCase()),
    payment_terms_days: terms !== null && Number.isInteger(terms) && terms >= 0 ? terms : null,
    notes: opt(f.notes),
    delivery_address: f.delivery
      ? {
          line1: f.delivery.line1.trim(),
          line2: f.delivery.line2 ? opt(f.delivery.line2) : null,
          postcode: f.delivery.postcode.trim(),
          city: f.delivery.city.trim(),
          country: f.delivery.country.trim().toUpperCase(),
        }
      : null,
  };
}
