import { describe, expect, it } from 'vitest';
import { checkApiRequest } from '../../../electron/hosts/web-security';

const expected = { port: 4100, token: 'secret-token' };
const good = { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4100', authorization: 'Bearer secret-token' };

describe('web host request rules', () => {
  it('accepts our own page with the run token', () => {
    expect(checkApiRequest(good, expected)).toBeNull();
    expect(checkApiRequest({ ...good, origin: undefined }, expected)).toBeNull();
    expect(checkApiRequest({ ...good, host: 'localhost:4100', origin: 'http://localhost:4100' }, expected)).toBeNull();
  });

  it('refuses a missing or wrong token with 401', () => {
    expect(checkApiRequest({ ...good, authorization: undefined }, expected)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(checkApiRequest({ ...good, authorization: 'Bearer guessed' }, expected)).toMatchObject({ status: 401 });
  });

  it('refuses other origins (another site in the same browser) with 403 even with the token', () => {
    expect(checkApiRequest({ ...good, origin: 'https://evil.example' }, expected)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(checkApiRequest({ ...good, origin: 'http://127.0.0.1:9999' }, expected)).toMatchObject({ status: 403 });
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', () => {
    expect(checkApiRequest({ ...good, host: 'evil.example:4100' }, expected)).toMatchObject({ status: 403 });
    expect(checkApiRequest({ ...good, host: undefined }, expected)).toMatchObject({ status: 403 });
  });
});
