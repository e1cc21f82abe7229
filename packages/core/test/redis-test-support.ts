import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

/**
 * Where the Redis tests run: `BULWARK_TEST_REDIS_URL` (`.ci/run` starts a
 * server and sets it). Without it they are skipped locally, with the reason
 * printed, and they fail under `CI=true`, where Redis must be available.
 */
export const TEST_REDIS_URL = process.env['BULWARK_TEST_REDIS_URL'];
const IN_CI = (process.env['CI'] ?? 'false') !== 'false' && process.env['CI'] !== '';

/** Whether `redis-server` is on PATH (the outage tests start and kill their own). */
export const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;

let warned = false;

/**
 * `describe` for tests that need a real Redis (and, with `server: true`, the
 * `redis-server` binary): runs them when available; otherwise skips them
 * with the reason printed once, or, in CI, fails with that reason.
 */
export function describeWithRedis(
  name: string,
  body: () => void,
  needs: { server?: boolean } = {},
): void {
  const missing =
    TEST_REDIS_URL === undefined
      ? 'BULWARK_TEST_REDIS_URL is not set'
      : needs.server === true && !HAS_REDIS_SERVER
        ? 'redis-server is not on PATH'
        : undefined;
  const reason = `${missing ?? ''}; these tests need a real Redis (install redis-server and run \`BULWARK_TEST_REDIS_URL=redis://127.0.0.1:6379 npm test\`)`;
  if (missing !== undefined && IN_CI) {
    describe(name, () => {
      it('has the Redis that CI must provide', () => {
        throw new Error(`CI is set but ${reason}`);
      });
    });
    return;
  }
  if (missing !== undefined && !warned) {
    warned = true;
    console.warn(`Skipping the Redis tests: ${reason}`);
  }
  describe.skipIf(missing !== undefined)(name, body);
}

/** A key prefix no other test uses, so that tests sharing one Redis never meet. */
export function uniquePrefix(): string {
  return `bulwark-test:${randomUUID()}:`;
}

/** A plain connection to the test Redis, for reading what the code under test wrote. */
export function inspectRedis(url = TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** A loopback port that nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A `redis-server` this test started (and may kill). */
export interface OwnRedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Starts `redis-server` on a loopback port, without persistence, and waits until it answers. */
export async function startRedisServer(port?: number): Promise<OwnRedisServer> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${chosen}`;
  try {
    await waitUntilAnswering(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port: chosen,
    url,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves once an `ioredis` connection is ready (commands fail fast before). */
export async function ready(connection: Redis): Promise<Redis> {
  if (connection.status !== 'ready') await once(connection, 'ready');
  return connection;
}

/** Polls a starting `redis-server` with PING until it answers (5 s at most). */
async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
