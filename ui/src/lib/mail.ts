// The email settings form ⇄ the API's request, and what a diagnosis code means in words.
// Pure (tested); the password is never read back from Rust, only written.
import type { MailConfig, OutboxItem, Preset, Security, SetMailConfig } from './contract';
import { labelKey } from './labels';
import type { MessageKey } from './i18n/messages';

export type MailForm = {
  preset: string;
  host: string;
  port: string;
  security: Security;
  username: string;
  /** Typed by the person; '' keeps the stored password. */
  password: string;
  from_name: string;
  from_address: string;
  reply_to: string;
  bcc_self: boolean;
};

export const SECURITIES: Security[] = ['starttls', 'tls', 'none'];

export function mailToForm(config: MailConfig | null): MailForm {
  const s = config?.settings;
  return {
    preset: s?.preset ?? '',
    host: s?.host ?? '',
    port: s ? String(s.port) : '587',
    security: s?.security ?? 'starttls',
    username: s?.username ?? '',
    password: '',
    from_name: s?.from_name ?? '',
    from_address: s?.from_address ?? '',
    reply_to: s?.reply_to ?? '',
    bcc_self: s?.bcc_self ?? false,
  };
}

/** A preset fills host, port and security (the person may still change them). */
export function applyPreset(form: MailForm, preset: Preset | undefined): MailForm {
  if (!preset) return { ...form, preset: '' };
  return { ...form, preset: preset.name, host: preset.host, port: String(preset.port), security: preset.security };
}

/** The port the security usually goes with, when the person changes the security. */
export function usualPort(security: Security): string {
  return security === 'tls' ? '465' : security === 'starttls' ? '587' : '25';
}

const opt = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The request; `forgetPassword` removes the stored one (an empty password does that in Rust). */
export function formToRequest(form: MailForm, orgId: number | null, forgetPassword = false): SetMailConfig {
  const port = Number(form.port.trim());
  return {
    org_id: orgId,
    preset: opt(form.preset),
    host: form.host.trim(),
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : null,
    security: form.security,
    username: opt(form.username),
    from_address: form.from_address.trim(),
    from_name: opt(form.from_name),
    reply_to: opt(form.reply_to),
    bcc_self: form.bcc_self,
    password: forgetPassword ? '' : form.password === '' ? null : form.password,
  };
}

/** `a@x.fr, b@y.fr; c@z.fr` → the addresses. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** The sentence (what happened, what to do) for a diagnosis code, when the UI has one. */
export function diagnosisKey(code: string | null | undefined): MessageKey | null {
  return code ? labelKey('mail.diag.', code) : null;
}

/** What a row of the outbox is, in one word: its state, or "uncertain" for a failure the
 * server may have received. */
export function outboxStateKey(item: Pick<OutboxItem, 'state' | 'last_error_code'>): MessageKey {
  if (item.state === 'failed' && item.last_error_code === 'uncertain') return 'outbox.state.uncertain';
  return `outbox.state.${item.state}`;
}

export const canRetry = (item: Pick<OutboxItem, 'state'>): boolean => item.state === 'failed' || item.state === 'queued';
export const canCancel = (item: Pick<OutboxItem, 'state'>): boolean => item.state === 'failed' || item.state === 'queued';
