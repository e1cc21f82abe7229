import { describe, expect, it } from 'vitest';
import { describeListenError } from './listen-error.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}`), { code });
}

describe('describeListenError', () => {
  it('names host:port and --port for a busy port, exit code 2', () => {
    const error = describeListenError(errno('EADDRINUSE'), { host: '127.0.0.1', port: 8787 });
    expect(error).toMatchObject({ code: 'port_in_use', exitCode: 2 });
    expect(error?.message).toContain('127.0.0.1:8787');
    expect(error?.message).toContain('--port');
  });

  it('brackets an IPv6 host', () => {
    const error = describeListenError(errno('EADDRINUSE'), { host: '::1', port: 9000 });
    expect(error?.message).toContain('[::1]:9000');
  });

  it('explains a privileged port and a foreign address, exit code 2', () => {
    expect(describeListenError(errno('EACCES'), { host: '0.0.0.0', port: 80 })).toMatchObject({
      code: 'port_not_allowed',
      exitCode: 2,
    });
    const foreign = describeListenError(errno('EADDRNOTAVAIL'), { host: '10.9.9.9', port: 8787 });
    expect(foreign).toMatchObject({ code: 'address_not_available', exitCode: 2 });
    expect(foreign?.message).toContain('--host');
  });

  it('leaves any other error as it is', () => {
    expect(describeListenError(new Error('boom'), { host: '127.0.0.1', port: 1 })).toBeUndefined();
    expect(describeListenError(errno('EMFILE'), { host: '127.0.0.1', port: 1 })).toBeUndefined();
  });
});
