import { maskSecret } from '../security/mask-secret.js';
import { Secret } from '../security/secret.js';
import type { RoutesProblem } from './check-route-references.js';

/** Where {@link readApiKeys} reads keys from. */
export interface KeySources {
  /** The environment. */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a key file as UTF-8; throws a Node error with a `code` when it cannot. */
  readFile: (path: string) => string;
  /** Resolves an `apiKeyFile` path (relative ones against the routes file's folder). */
  resolvePath: (path: string) => string;
}

/**
 * Reads the key of every deployment of a routes file that names one source
 * (`apiKeyEnv` or `apiKeyFile`, a string): the variable, or the file's
 * content, trimmed. It works on the raw file, so key problems are listed
 * with the schema's even when other entries are wrong; entries of the wrong
 * shape are skipped (the schema reports them). A variable that is unset or
 * blank, or a file that is missing, unreadable or blank, is a problem at
 * that field; no key value ever appears in one (a variable name not in upper
 * case is masked, and a key file's path is not repeated, in case a key was
 * written there by mistake).
 *
 * @param deployments - the file's `deployments` value, as parsed.
 * @param sources - the environment and the file reader.
 * @returns the keys by deployment name, and the problems.
 */
export function readApiKeys(
  deployments: unknown,
  sources: KeySources,
): { keys: Map<string, Secret>; problems: RoutesProblem[] } {
  const keys = new Map<string, Secret>();
  const problems: RoutesProblem[] = [];
  if (typeof deployments !== 'object' || deployments === null) return { keys, problems };
  for (const [name, entry] of Object.entries(deployments as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { apiKeyEnv, apiKeyFile } = entry as Record<string, unknown>;
    const env = typeof apiKeyEnv === 'string' ? apiKeyEnv.trim() : undefined;
    const file = typeof apiKeyFile === 'string' ? apiKeyFile.trim() : undefined;
    if ((env === undefined) === (file === undefined) || env === '' || file === '') continue;
    const key = env === undefined ? fromFile(file ?? '', sources) : fromEnv(env, sources);
    if ('problem' in key) {
      const field = env === undefined ? 'apiKeyFile' : 'apiKeyEnv';
      problems.push({ path: ['deployments', name, field], message: key.problem });
    } else keys.set(name, new Secret(key.value));
  }
  return { keys, problems };
}

type KeyResult = { value: string } | { problem: string };

const CONVENTIONAL_ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

function fromEnv(name: string, sources: KeySources): KeyResult {
  // A key written where its variable's name belongs must not be echoed back: only
  // upper-case names, as variables are conventionally named, are shown in full.
  const shown = CONVENTIONAL_ENV_NAME.test(name) ? name : `the variable ${maskSecret(name)}`;
  const value = sources.env[name]?.trim();
  if (value === undefined) return { problem: `${shown} is not set` };
  if (value === '') return { problem: `${shown} is empty` };
  return { value };
}

function fromFile(file: string, sources: KeySources): KeyResult {
  const path = sources.resolvePath(file);
  let content: string;
  try {
    content = sources.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    // The path is not repeated: the issue names the field, and a key put there by mistake stays unshown.
    return { problem: `cannot read the file (${code})` };
  }
  const value = content.trim();
  return value === '' ? { problem: 'the file is empty' } : { value };
}
