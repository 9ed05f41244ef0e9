import { describe, expect, it } from 'vitest';
import { emptyOrganizationForm, formToOrganization, organizationToForm } from './organization';
import { customerToForm, emptyCustomerForm, formToCustomer } from './customer';

describe('organization form', () => {
  it('sends nulls for empty optional fields and strips spaces from identifiers', () => {
    const f = emptyOrganizationForm('fr');
    Object.assign(f, { legal_name: ' Camille Martin EI ', siren: '732 829 320', vat_number: 'FR 44 732829320' });
    f.address = { line1: '1 rue A', line2: '', postcode: '69003', city: 'Lyon', country: 'fr' };
    const o = formToOrganization(f);
    expect(o.legal_name).toBe('Camille Martin EI');
    expect(o.siren).toBe('732829320');
    expect(o.vat_number).toBe('FR44732829320');
    expect(o.trading_name).toBeNull();
    expect(o.address.line2).toBeNull();
    expect(o.address.country).toBe('FR');
    expect(o.payment_terms_days).toBe(30);
  });
  it('drops the VAT number under the franchise, and round-trips', () => {
    const f = emptyOrganizationForm('en');
    Object.assign(f, { legal_name: 'X', vat_number: 'FR123', vat_regime: 'franchise' });
    const o = formToOrganization(f);
    expect(o.vat_number).toBeNull();
    expect(organizationToForm(o).vat_regime).toBe('franchise');
  });
});

describe('customer form', () => {
  it('splits emails and keeps defaults as null', () => {
    const f = emptyCustomerForm();
    Object.assign(f, { name: 'ACME', emails: 'a@x.fr, b@x.fr;c@x.fr' });
    const c = formToCustomer(f);
    expect(c.emails).toEqual(['a@x.fr', 'b@x.fr', 'c@x.fr']);
    expect(c.language).toBeNull();
    expect(c.currency).toBeNull();
    expect(c.payment_terms_days).toBeNull();
    expect(customerToForm(c).emails).toBe('a@x.fr, b@x.fr, c@x.fr');
    expect(c.delivery_address).toBeNull();
  });
  it('sends a delivery address only when there is one', () => {
    const f = emptyCustomerForm();
    f.delivery = { line1: ' 2 quai Nord ', line2: null, postcode: '69001', city: 'Lyon', country: 'fr' };
    const c = formToCustomer(f);
    expect(c.delivery_address).toEqual({ line1: '2 quai Nord', line2: null, postcode: '69001', city: 'Lyon', country: 'FR' });
    expect(customerToForm(c).delivery?.city).toBe('Lyon');
  });
});
