import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GatewayHttpError } from './gateway-http-error.js';
import { parseJsonBody } from './parse-json-body.js';
import { readBodyBytes } from './read-body-bytes.js';

/** A request whose body is `parts`, sent as node:http would push them. */
function request(headers: Record<string, string>, parts: Buffer[]): IncomingMessage {
  const incoming = new IncomingMessage(new Socket());
  incoming.headers = headers;
  setImmediate(() => {
    for (const part of parts) incoming.push(part);
    incoming.complete = true;
    incoming.push(null);
  });
  return incoming;
}

async function refusal(promise: Promise<unknown>): Promise<GatewayHttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayHttpError);
  return error as GatewayHttpError;
}

const json = (text: string, headers: Record<string, string> = {}) =>
  parseJsonBody(Buffer.from(text), request(headers, []));

describe('readBodyBytes', () => {
  it('reads a body in parts', async () => {
    const body = await readBodyBytes(request({}, [Buffer.from('{"a":'), Buffer.from('1}')]), 100);
    expect(body.toString()).toBe('{"a":1}');
  });

  it('refuses a body over the limit, at once when content-length says so', async () => {
    const declared = await refusal(readBodyBytes(request({ 'content-length': '101' }, []), 100));
    expect([declared.status, declared.code]).toEqual([413, 'request_too_large']);
    const streamed = await refusal(
      readBodyBytes(request({}, [Buffer.alloc(60), Buffer.alloc(60)]), 100),
    );
    expect(streamed.code).toBe('request_too_large');
  });

  it('inflates a gzip body, the limit applying to the inflated size', async () => {
    const packed = gzipSync(Buffer.from(`{"text":"${'x'.repeat(500)}"}`));
    const headers = { 'content-encoding': 'gzip' };
    expect((await readBodyBytes(request(headers, [packed]), 1000)).length).toBe(511);
    expect((await refusal(readBodyBytes(request(headers, [packed]), 100))).code).toBe(
      'request_too_large',
    );
  });

  it('refuses an unknown content encoding with a 415', async () => {
    const error = await refusal(readBodyBytes(request({ 'content-encoding': 'zstd' }, []), 100));
    expect([error.status, error.code]).toEqual([415, 'unsupported_encoding']);
  });
});

describe('parseJsonBody', () => {
  it('parses objects and arrays, with whitespace and a byte-order mark before them', () => {
    expect(json(' \n{"model":"gpt-4"}')).toEqual({ model: 'gpt-4' });
    expect(json('\ufeff[1]')).toEqual([1]);
  });

  it('reads an empty body as {}', () => {
    expect(json('')).toEqual({});
  });

  it.each(['null', '"text"', '12', 'true', '{"a":', 'model=gpt-4'])(
    'refuses %s as invalid JSON (400), as express.json() did',
    (text) => {
      let error: unknown;
      try {
        json(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ status: 400, code: 'invalid_json' });
    },
  );

  it('decodes another UTF charset and refuses a non-UTF one with a 415', () => {
    const utf16 = Buffer.from('{"a":"é"}', 'utf16le');
    expect(
      parseJsonBody(utf16, request({ 'content-type': 'application/json; charset=utf-16le' }, [])),
    ).toEqual({ a: 'é' });
    expect(() => json('{}', { 'content-type': 'application/json; charset=latin1' })).toThrow(
      expect.objectContaining({ status: 415, code: 'unsupported_charset' }) as Error,
    );
  });
});
