import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { maskSecret } from './mask-secret.js';
import { redactSecrets } from './redact-secrets.js';
import { isSecret, Secret } from './secret.js';

const KEY = 'sk-proj.secret0123456789abcdefghijklmnopabcd';

describe('Secret', () => {
  it('reveals the value only through reveal()', () => {
    const secret = new Secret(KEY);
    expect(secret.reveal()).toBe(KEY);
    expect(isSecret(secret)).toBe(true);
    expect(isSecret(KEY)).toBe(false);
    for (const view of [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect({ secret }, { depth: 5 }),
    ]) {
      expect(view).not.toContain(KEY);
      expect(view).toContain('sk-…abcd');
    }
    expect(Object.keys(secret)).toEqual([]);
  });
});

describe('maskSecret', () => {
  it('keeps three leading and four trailing characters of long secrets, nothing of short ones', () => {
    expect(maskSecret(KEY)).toBe('sk-…abcd');
    expect(maskSecret('short-key')).toBe('…');
  });
});

describe('redactSecrets', () => {
  it('masks known secrets, OpenAI-shaped keys and bearer credentials', () => {
    const text = `key ${KEY}; other sk-abcdefgh.ijklmnop1234; Authorization: Bearer opaque.token-value; custom hunter2-password`;
    const redacted = redactSecrets(text, ['hunter2-password']);
    expect(redacted).not.toContain(KEY);
    expect(redacted).not.toContain('sk-abcdefgh.ijklmnop1234');
    expect(redacted).not.toContain('opaque.token-value');
    expect(redacted).not.toContain('hunter2-password');
    expect(redacted).toContain('Bearer [redacted]');
  });
});
