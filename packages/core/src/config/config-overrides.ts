import { z } from 'zod';
import { checkBaseUrl } from '../security/check-base-url.js';
import { Secret } from '../security/secret.js';

const secret = z.union([z.string().min(1), z.instanceof(Secret)]);
const count = (minimum: number) => z.number().int().min(minimum);

/**
 * Explicit values for `loadConfig({ overrides })`, the highest priority
 * source (e.g. CLI flags). Every field is optional; secrets may be given as
 * strings or {@link Secret}s.
 */
export const configOverridesSchema = z
  .object({
    apiKey: secret,
    baseURL: z.string().superRefine((value, context) => {
      const problem = checkBaseUrl(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
    organization: z.string().min(1),
    project: z.string().min(1),
    model: z.string().min(1),
    timeoutMs: count(1),
    retry: z.object({ maxAttempts: count(1).max(100) }).partial(),
    circuitBreaker: z.object({ threshold: count(1), halfOpenAfterMs: count(1) }).partial(),
    bulkhead: z.object({ maxConcurrent: count(1), maxQueue: count(0) }).partial(),
    rateLimit: z.object({ rpm: count(0), tpm: count(0), maxWaitMs: count(0) }).partial(),
    cache: z
      .object({ store: z.enum(['memory', 'redis', 'off']), ttlMs: count(1), maxBytes: count(1) })
      .partial(),
    redis: z.object({ url: secret }).partial(),
    gateway: z
      .object({
        host: z.string().min(1),
        port: count(1).max(65_535),
        apiKeys: z.array(secret),
        logPrompts: z.boolean(),
      })
      .partial(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  })
  .partial();

/** Explicit configuration values; see {@link configOverridesSchema}. */
export type ConfigOverrides = z.input<typeof configOverridesSchema>;
