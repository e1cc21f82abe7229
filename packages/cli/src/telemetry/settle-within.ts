/**
 * Waits for `work` to settle, but no longer than `ms` milliseconds.
 *
 * @param work - what to wait for; its rejection counts as settled.
 * @param ms - the longest wait.
 * @returns `true` when it settled in time, `false` when the wait ran out.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
