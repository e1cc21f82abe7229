/** One call of a path under test; `sequence` is unique across the whole benchmark. */
export type BenchCall = (sequence: number) => Promise<unknown>;

let nextSequence = 0;

/**
 * Runs `calls` calls with `concurrency` callers in flight at once (each
 * caller starts its next call when its last one settles) and returns the
 * calls per second over the wall-clock time of the whole run. A full garbage
 * collection runs first, outside the timing, when `--expose-gc` allows it, so
 * that a run does not pay for the garbage of the run before.
 *
 * @param call - the call to time; a rejection fails the run.
 * @param calls - how many calls in all.
 * @param concurrency - how many callers at once; 1 is sequential.
 * @returns calls per second.
 */
export async function callsPerSecond(
  call: BenchCall,
  calls: number,
  concurrency: number,
): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  let started = 0;
  const caller = async (): Promise<void> => {
    while (started < calls) {
      started += 1;
      nextSequence += 1;
      await call(nextSequence);
    }
  };
  const begin = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, caller));
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return calls / seconds;
}
