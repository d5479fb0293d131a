/**
 * Stops a follow on the first Ctrl-C (SIGINT/SIGTERM) and remembers it, so the command can end
 * with the interrupted exit code after flushing what it printed.
 */
export function interruptOnSignal(): { signal: AbortSignal; interrupted(): boolean; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    interrupted: () => controller.signal.aborted,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
