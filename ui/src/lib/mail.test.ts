import { describe, expect, it } from 'vitest';
import { applyPreset, diagnosisKey, formToRequest, mailToForm, outboxStateKey, splitAddresses, usualPort } from './mail';
import { en } from './i18n/en';
import type { Preset } from './contract';

const gmail: Preset = { name: 'gmail', label: 'Gmail', host: 'smtp.gmail.com', port: 587, security: 'starttls', note: '' };

describe('mail settings form', () => {
  it('never carries a password it did not get typed', () => {
    const form = mailToForm({
      settings: { preset: null, host: 'smtp.x.fr', port: 465, security: 'tls', username: 'u', from_address: 'a@x.fr', from_name: null, reply_to: null, bcc_self: true, trusted_cert_pem: null },
      password_stored: true,
      keyring: 'keyutils',
    });
    expect(form.password).toBe('');
    expect(form.port).toBe('465');
    expect(formToRequest(form, 1).password).toBeNull();
    expect(formToRequest({ ...form, password: 's3cret' }, 1).password).toBe('s3cret');
    expect(formToRequest(form, 1, true).password).toBe('');
  });

  it('fills host, port and security from a preset', () => {
    const f = applyPreset(mailToForm(null), gmail);
    expect([f.preset, f.host, f.port, f.security]).toEqual(['gmail', 'smtp.gmail.com', '587', 'starttls']);
    expect(applyPreset(f, undefined).preset).toBe('');
    expect(usualPort('tls')).toBe('465');
  });

  it('sends empty optional fields as null and a bad port as null (Rust says why)', () => {
    const r = formToRequest({ ...mailToForm(null), host: ' h ', port: 'abc', from_address: ' a@b.fr ', reply_to: ' ' }, null);
    expect(r).toMatchObject({ host: 'h', port: null, from_address: 'a@b.fr', reply_to: null, username: null, preset: null });
  });

  it('splits recipients', () => {
    expect(splitAddresses(' a@x.fr, b@y.fr;c@z.fr  ')).toEqual(['a@x.fr', 'b@y.fr', 'c@z.fr']);
    expect(splitAddresses('')).toEqual([]);
  });
});

describe('diagnosis', () => {
  const codes = ['mail_not_configured', 'invalid_address', 'insecure', 'no_password', 'keyring', 'dns', 'connect', 'timeout', 'tls', 'tls_not_offered', 'auth_unsupported', 'auth', 'sender_refused', 'recipient_refused', 'message_refused', 'temporary', 'permanent', 'protocol', 'uncertain', 'expired', 'no_recipient'];
  it('has a sentence for every code the API sends', () => {
    for (const c of codes) expect(diagnosisKey(c), c).not.toBeNull();
    for (const c of codes) expect(Object.keys(en)).toContain(`mail.diag.${c}`);
  });
  it('has none for other codes', () => {
    expect(diagnosisKey('busy')).toBeNull();
    expect(diagnosisKey(null)).toBeNull();
  });
  it('calls a failure the server may have received uncertain', () => {
    expect(outboxStateKey({ state: 'failed', last_error_code: 'uncertain' })).toBe('outbox.state.uncertain');
    expect(outboxStateKey({ state: 'failed', last_error_code: 'auth' })).toBe('outbox.state.failed');
    expect(outboxStateKey({ state: 'queued', last_error_code: 'connect' })).toBe('outbox.state.queued');
  });
});
