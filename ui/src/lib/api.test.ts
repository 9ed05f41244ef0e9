import { describe, expect, it } from 'vitest';
import { ApiFailure, call, toFailure } from './api';
import { localizedError } from './errors';

describe('errors reach the page as {code, message}', () => {
  it("turns Tauri's own refusal of a request's arguments into a coded error", async () => {
    const refused = 'invalid args `req` for command `get_purchase`: missing field `id`';
    const pending = Promise.resolve({ status: 'error' as const, error: refused as never });
    const err = (await call(pending).catch((e: unknown) => e)) as ApiFailure;
    expect(err).toBeInstanceOf(ApiFailure);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('get_purchase');
    expect(err.message).toContain('missing field `id`');
    expect(localizedError(err.code, err.message, 'fr')).toMatch(/^L'application a refusé/);
  });

  it('keeps an API error as it is, and any other thrown value as ipc', async () => {
    const api = Promise.resolve({ status: 'error' as const, error: { code: 'not_found', message: 'no purchase 9' } });
    const err = (await call(api).catch((e: unknown) => e)) as ApiFailure;
    expect([err.code, err.message]).toEqual(['not_found', 'no purchase 9']);
    expect(toFailure('the window was closed').code).toBe('ipc');
    expect(toFailure(new Error('boom')).code).toBe('ipc');
  });
});
