/**
 * The rejection of `mock.handle(request)` when the script resets the
 * connection: `mock.fetch` turns it into undici's `TypeError('fetch failed')`,
 * the server destroys the socket.
 */
export class MockConnectionResetError extends Error {
  /** Always `MockConnectionResetError`. */
  override readonly name = 'MockConnectionResetError';

  constructor() {
    super('The mock reset the connection');
  }
}

/**
 * The error undici's `fetch` rejects with when the peer resets the
 * connection: `TypeError('fetch failed')` with an `ECONNRESET` cause.
 * @internal
 */
export function createFetchFailedError(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
  return new TypeError('fetch failed', { cause });
}
