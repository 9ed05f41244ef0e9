// The organization form as text fields ⇄ the API's Organization.
import type { Language, Organization, VatRegime } from './contract';

export type OrganizationForm = {
  legal_name: string;
  trading_name: string;
  legal_form: string;
  address: { line1: string; line2: string | null; postcode: string; city: string; country: string };
  siren: string;
  siret: string;
  vat_number: string;
  registration: string;
  iban: string;
  bic: string;
  email: string;
  phone: string;
  currency: string;
  language: Language;
  payment_terms_days: string;
  vat_regime: VatRegime;
  vat_on_debits: boolean;
  late_penalty_rate: string;
};

export function emptyOrganizationForm(language: Language): OrganizationForm {
  return {
    legal_name: '',
    trading_name: '',
    legal_form: '',
    address: { line1: '', line2: null, postcode: '', city: '', country: 'FR' },
    siren: '',
    siret: '',
    vat_number: '',
    registration: '',
    iban: '',
    bic: '',
    email: '',
    phone: '',
    currency: 'EUR',
    language,
    payment_terms_days: '30',
    vat_regime: 'normal',
    vat_on_debits: false,
    late_penalty_rate: '',
  };
}

const s = (v: string | null | undefined): string => v ?? '';
const opt = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const digits = (v: string): string | null => opt(v.replace(/\s/g, ''));

export function organizationToForm(o: Organization): OrganizationForm {
  return {
    legal_name: o.legal_name,
    trading_name: s(o.trading_name),
    legal_form: s(o.legal_form),
    address: {
      line1: o.address.line1,
      line2: o.address.line2 ?? null,
      postcode: o.address.postcode,
      city: o.address.city,
      country: o.address.country,
    },
    siren: s(o.siren),
    siret: s(o.siret),
    vat_number: s(o.vat_number),
    registration: s(o.registration),
    iban: s(o.iban),
    bic: s(o.bic),
    email: s(o.email),
    phone: s(o.phone),
    currency: o.currency,
    language: o.language ?? 'fr',
    payment_terms_days: String(o.payment_terms_days ?? 30),
    vat_regime: o.vat_regime ?? 'normal',
    vat_on_debits: o.vat_on_debits ?? false,
    late_penalty_rate: s(o.late_penalty_rate),
  };
}

/** The Organization to send; field checks (SIREN, VAT…) are Rust's, shown from its errors. */
export function formToOrganization(f: OrganizationForm): Organization {
  const terms = Number(f.payment_terms_days);
  return {
    legal_name: f.legal_name.trim(),
    trading_name: opt(f.trading_name),
    legal_form: opt(f.legal_form),
    address: {
      line1: f.address.line1.trim(),
      line2: f.address.line2 ? opt(f.address.line2) : null,
      postcode: f.address.postcode.trim(),
      city: f.address.city.trim(),
      country: f.address.country.trim().toUpperCase(),
    },
    siren: digits(f.siren),
    siret: digits(f.siret),
    vat_number: f.vat_regime === 'franchise' ? null : digits(f.vat_number),
    registration: opt(f.registration),
    iban: digits(f.iban),
    bic: opt(f.bic),
    email: opt(f.email),
    phone: opt(f.phone),
    currency: f.currency.trim().toUpperCase(),
    language: f.language,
    payment_terms_days: Number.isInteger(terms) && terms >= 0 ? terms : 30,
    vat_regime: f.vat_regime,
    vat_on_debits: f.vat_on_debits,
    late_penalty_rate: opt(f.late_penalty_rate.replace(',', '.')),
  };
}
