import type { createRedisConnection } from '@bulwark/core/redis';

/** An `ioredis` connection, as `createRedisConnection` (`@bulwark/core/redis`) opens it. */
export type RedisConnection = ReturnType<typeof createRedisConnection>;

/** A Lua script defined as a command of the connection (EVALSHA, falling back to EVAL). */
export type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Defines each script as a command of the connection, once per connection.
 *
 * @param connection - the connection.
 * @param scripts - command name → [number of keys, Lua source].
 * @returns the connection, typed with the commands.
 */
export function defineScripts<Name extends string>(
  connection: RedisConnection,
  scripts: Readonly<Record<Name, readonly [number, string]>>,
): Record<Name, ScriptCommand> {
  for (const [name, [numberOfKeys, lua]] of Object.entries(scripts) as [
    string,
    readonly [number, string],
  ][]) {
    if (!(name in connection)) connection.defineCommand(name, { numberOfKeys, lua });
  }
  return connection as unknown as Record<Name, ScriptCommand>;
}
