import { InterruptedError } from "./execute-errors.js";

/**
 * Runs `fn` over `items` with at most `limit` at once (`Infinity`: all at once). After the first
 * failure (or once `signal` aborts) nothing new starts; the calls under way settle, then the first
 * failure is thrown (an InterruptedError when the signal stopped the run).
 */
export async function boundedAll<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  if (signal?.aborted) throw new InterruptedError();
}
