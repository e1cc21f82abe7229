import { Secret } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { createCallerKeyCheck } from '../node/check-caller-key.js';
import { GatewayHttpError } from '../node/gateway-http-error.js';
import { createStatusAccessCheck } from './check-status-access.js';

const KEY = 'sk-test.status-page-key';
const OTHER_KEY = 'sk-test.another:key';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function refusal(result: string | GatewayHttpError): GatewayHttpError {
  if (!(result instanceof GatewayHttpError)) throw new Error(`expected a refusal, got ${result}`);
  return result;
}

describe('status page access', () => {
  const check = createStatusAccessCheck([KEY, new Secret(OTHER_KEY)]);

  it('accepts a key as Bearer, or as the Basic password with any user name', () => {
    const caller = createCallerKeyCheck([KEY])(`Bearer ${KEY}`);
    expect(check(`Bearer ${KEY}`)).toBe(caller);
    expect(check(`bearer   ${KEY} `)).toBe(caller);
    expect(check(basic('admin', KEY))).toBe(caller);
    expect(check(basic('', KEY))).toBe(caller);
    // A Secret key, with a colon in it: the password is everything after the first colon.
    expect(check(basic('ops', OTHER_KEY))).toMatch(/^key:[0-9a-f]{12}$/);
  });

  it.each([
    ['missing', undefined, 'Missing API key'],
    ['empty', '', 'Missing API key'],
    ['Basic without a colon', `Basic ${Buffer.from(KEY).toString('base64')}`, 'Missing API key'],
    ['Basic with an empty password', basic(KEY, ''), 'Missing API key'],
    ['Basic that is not base64', 'Basic !!!', 'Missing API key'],
    ['another scheme', `Token ${KEY}`, 'Missing API key'],
    ['a wrong Bearer key', 'Bearer sk-test.wrong', 'Incorrect API key provided'],
    ['a wrong password', basic('admin', 'sk-test.wrong'), 'Incorrect API key provided'],
    ['the key as user name', basic(KEY, 'x'), 'Incorrect API key provided'],
    ['a prefix of the key', basic('admin', KEY.slice(0, -1)), 'Incorrect API key provided'],
  ])('refuses %s with a 401 that asks for Basic credentials', (_name, header, message) => {
    const error = refusal(check(header));
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({
      'www-authenticate': 'Basic realm="bulwark", charset="UTF-8"',
      'cache-control': 'no-store',
    });
    expect(error.toBody()).toEqual({
      error: {
        message: expect.stringContaining(message),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(JSON.stringify(error.toBody())).not.toContain(KEY);
  });

  it('needs at least one key', () => {
    expect(() => createStatusAccessCheck([])).toThrow(TypeError);
  });
});
