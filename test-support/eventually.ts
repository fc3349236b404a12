/**
 * Waits for a condition rather than for a fixed time: re-runs `check` (which throws, or returns
 * false, while the condition does not hold yet) until it passes, and fails with its last error
 * once `timeoutMs` has passed. For effects that arrive asynchronously (callbacks, a slow server).
 */
export async function eventually(check: () => unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      if ((await check()) !== false) return;
      failure = new Error('the condition did not hold in time');
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
