import type { z } from 'zod';
import type { clientOptionsSchema } from '../options/client-options-schema.js';

/**
 * Options of `createClient()`, as {@link clientOptionsSchema} declares them
 * (each field's documentation and default is there). Every option has a
 * default except `apiKey`, which may only be left out when `fetch` or
 * `dispatcher` gives a mock upstream. The result of `loadConfig()` is a
 * valid `ClientOptions`.
 */
export type ClientOptions = z.input<typeof clientOptionsSchema>;

/** {@link ClientOptions} as {@link clientOptionsSchema} parses them: checked, defaults applied. */
export type ParsedClientOptions = z.output<typeof clientOptionsSchema>;
