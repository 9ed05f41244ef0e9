import { describe, expect, it } from 'vitest';
import { localizedError } from './errors';

describe('localizedError', () => {
  it('gives French sentences for known codes', () => {
    expect(localizedError('invalid_siren', "siren: '1' is not a valid SIREN", 'fr')).toMatch(/^SIREN invalide/);
  });
  it("keeps the API's message otherwise", () => {
    expect(localizedError('invalid_siren', 'siren: bad', 'en')).toBe('siren: bad');
    expect(localizedError('out_of_range', 'quantity: too big', 'fr')).toBe('quantity: too big');
    expect(localizedError('toString', 'x', 'fr')).toBe('x');
  });
});
