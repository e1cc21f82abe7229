import { mulberry32 } from './mulberry32.js';

/** A fault the chaos mode can inject. */
export type ChaosFault = 500 | 502 | 503 | 429 | 'reset' | 'truncate' | 'hang';

/** Seeded random faults and latency for requests no scripted handler answered. */
export interface ChaosOptions {
  /**
   * Seed of the generator: the same seed gives the same sequence of faults
   * and latencies for the same sequence of requests.
   * @default 1
   */
  seed?: number;
  /**
   * Probability in `[0, 1]` that a request gets a fault.
   * @default 0
   */
  errorRate?: number;
  /**
   * Upper bound of the latency added before answering: each request waits a
   * seeded random duration in `[0, latencyMs)`.
   * @default 0
   */
  latencyMs?: number;
  /**
   * The faults to draw from, uniformly. `truncate` falls back to a 502 for
   * non-stream requests. `hang` is left out by default because it needs a
   * client timeout.
   * @default [500, 502, 503, 429, 'reset', 'truncate']
   */
  faults?: ChaosFault[];
}

/** @internal */
export interface ChaosDraw {
  fault: ChaosFault | undefined;
  latencyMs: number;
}

/** @internal */
export type Chaos = () => ChaosDraw;

const DEFAULT_FAULTS: ChaosFault[] = [500, 502, 503, 429, 'reset', 'truncate'];

/**
 * Draws, per request, a fault (or none) and a latency. Exactly three numbers
 * are drawn per request, so the sequence depends only on the seed and the
 * number of requests.
 * @internal
 */
export function createChaos(options: ChaosOptions): Chaos {
  const random = mulberry32(options.seed ?? 1);
  const errorRate = options.errorRate ?? 0;
  const latencyMs = options.latencyMs ?? 0;
  const faults = options.faults && options.faults.length > 0 ? options.faults : DEFAULT_FAULTS;
  return () => {
    const faultRoll = random();
    const faultPick = random();
    const latencyRoll = random();
    return {
      fault: faultRoll < errorRate ? faults[Math.floor(faultPick * faults.length)] : undefined,
      latencyMs: Math.floor(latencyRoll * latencyMs),
    };
  };
}
