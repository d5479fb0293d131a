/**
 * Runs jobs one at a time; a job pushed while one runs waits, merged with any other waiting job,
 * so a burst during a long job (a rebuild) leads to exactly one more run afterwards. A failing
 * job is reported to `onError` and never stops the queue.
 */
export class CoalescingQueue<T> {
  private pending: T | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: (job: T) => Promise<void>,
    private readonly merge: (waiting: T, next: T) => T,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Queues a job (merged into the waiting one, if any) and starts working when idle. */
  push(job: T): void {
    this.pending = this.pending === undefined ? job : this.merge(this.pending, job);
    this.running ??= this.loop();
  }

  /** True while a job runs or waits. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once nothing runs and nothing waits. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.pending !== undefined) {
      const job = this.pending;
      this.pending = undefined;
      try {
        await this.run(job);
      } catch (error) {
        this.onError(error);
      }
    }
    this.running = undefined;
  }
}
