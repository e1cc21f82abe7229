import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './decode-body.js';

const TEXT = 'data: {"choices":[]}\n\n'.repeat(50);

async function read(body: Readable): Promise<string> {
  return Buffer.concat((await body.toArray()) as Buffer[]).toString('utf8');
}

/** The bytes in pieces of 16, as a socket might deliver them. */
function pieces(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += 16)
    chunks.push(bytes.subarray(start, start + 16));
  return Readable.from(chunks);
}

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    [' BR ', brotliCompressSync],
  ] as const)('decodes %s as the bytes arrive', async (encoding, compress) => {
    expect(await read(decodeBody(pieces(compress(TEXT)), encoding))).toBe(TEXT);
  });

  it('leaves an identity or unknown encoding as it is', () => {
    const body = pieces(Buffer.from(TEXT));
    expect(decodeBody(body, undefined)).toBe(body);
    expect(decodeBody(body, 'identity')).toBe(body);
    expect(decodeBody(body, 'zstd-unknown')).toBe(body);
  });

  it('fails the decoded stream on corrupt bytes, and destroys the source when it is destroyed', async () => {
    await expect(read(decodeBody(pieces(Buffer.from('not gzip')), 'gzip'))).rejects.toThrow();
    const source = pieces(gzipSync(TEXT));
    const decoded = decodeBody(source, 'gzip');
    decoded.on('error', () => undefined);
    const closed = new Promise((resolve) => source.on('close', resolve));
    decoded.destroy();
    await closed;
    expect(source.destroyed).toBe(true);
  });
});
