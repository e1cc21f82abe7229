import { z } from 'zod';
import { checkBaseUrl } from '../security/check-base-url.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function wholeNumber(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `expected a whole number ≥ ${minimum}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(minimum, { error: `expected a whole number ≥ ${minimum}` })
        .max(maximum, { error: `expected a whole number ≤ ${maximum}` }),
    );
}

const baseUrl = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const problem = checkBaseUrl(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });

/**
 * The environment variables of DESIGN §4, each parsed from its string form.
 * Unset and empty variables are absent; defaults are applied afterwards.
 */
export const environmentSchema = z.object({
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_API_KEY_FILE: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: baseUrl.optional(),
  OPENAI_ORG_ID: z.string().trim().min(1).optional(),
  OPENAI_PROJECT_ID: z.string().trim().min(1).optional(),
  BULWARK_MODEL: z.string().trim().min(1).optional(),
  BULWARK_TIMEOUT_MS: wholeNumber(1).optional(),
  BULWARK_MAX_ATTEMPTS: wholeNumber(1, 100).optional(),
  BULWARK_MAX_CONCURRENCY: wholeNumber(1).optional(),
  BULWARK_MAX_QUEUE: wholeNumber(0).optional(),
  BULWARK_BREAKER_THRESHOLD: wholeNumber(1).optional(),
  BULWARK_BREAKER_HALF_OPEN_MS: wholeNumber(1).optional(),
  BULWARK_RPM: wholeNumber(0).optional(),
  BULWARK_TPM: wholeNumber(0).optional(),
  BULWARK_RATE_MAX_WAIT_MS: wholeNumber(0).optional(),
  BULWARK_CACHE: z
    .enum(['memory', 'redis', 'off'], { error: 'expected memory, redis or off' })
    .optional(),
  BULWARK_CACHE_TTL_MS: wholeNumber(1).optional(),
  BULWARK_CACHE_MAX_BYTES: wholeNumber(1).optional(),
  BULWARK_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' })
    .optional(),
  BULWARK_API_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== ''),
    )
    .optional(),
  BULWARK_LOG_PROMPTS: z
    .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
    .transform((value) => value === 'true' || value === '1')
    .optional(),
  BULWARK_HOST: z.string().trim().min(1).optional(),
  BULWARK_PORT: wholeNumber(1, 65_535).optional(),
  BULWARK_CALLER_RPM: wholeNumber(0).optional(),
  BULWARK_LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .optional(),
});

/** The parsed environment variables. */
export type EnvironmentValues = z.output<typeof environmentSchema>;
