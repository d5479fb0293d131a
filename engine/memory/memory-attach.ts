import type { AttachContainerOptions, Attachment, ByteSource } from "../runtime/runtime.js";
import type { MemAttachment, MemContainer } from "./memory-state.js";

/**
 * The open stdin of a running container (`stdinOpen` without a pre-start attachment): what
 * attachments write waits here for the process to read it. A read takes everything written so
 * far, once there is something (the simulated commands read their input in one go).
 */
export class StdinPipe {
  private chunks: Buffer[] = [];
  private closed = false;
  private readonly waiters = new Set<() => void>();

  /** Adds bytes for the next read. */
  write(data: Uint8Array): void {
    if (this.closed || data.length === 0) return;
    this.chunks.push(Buffer.from(data));
    this.wake();
  }

  /** Ends the input: reads then return what is left, or nothing. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves with the bytes written since the last read, once there are some (empty once closed). */
  async read(): Promise<Buffer> {
    while (this.chunks.length === 0 && !this.closed) await new Promise<void>((resolve) => this.waiters.add(resolve));
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}

/**
 * Attaches to a running container: from now on it gets a copy of the output (the start tees
 * into every live attachment), and `stdin` goes to the container's open stdin (ignored unless it
 * was created with `stdinOpen`, like the engine). As with the engine, the end of this stdin ends
 * the attachment's output unless the container closes its stdin after one attach (`attach` at
 * create: StdinOnce), in which case the container's stdin is closed instead. `done` settles when
 * the container exits, when the attachment's output ends, or on abort.
 */
export function attachRunning(c: MemContainer, options: AttachContainerOptions): Attachment {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const live: MemAttachment = {
    streams: options.streams,
    end: () => {
      c.liveAttachments?.delete(live);
      resolve();
    },
  };
  (c.liveAttachments ??= new Set()).add(live);
  options.signal?.addEventListener("abort", () => live.end(), { once: true });
  const pipe = c.stdinPipe;
  if (options.stdin !== undefined && pipe && c.spec.stdinOpen === true) {
    void pump(options.stdin, pipe, done).then(() => {
      if (c.spec.attach === true) pipe.close();
      else live.end();
    });
  }
  return { done };
}

/** Copies a byte source into the pipe until it ends or `stop` settles. */
async function pump(source: ByteSource, pipe: StdinPipe, stop: Promise<void>): Promise<void> {
  if (source instanceof Uint8Array) {
    pipe.write(source);
    return;
  }
  const stopped = stop.then(() => ({ done: true as const, value: undefined }));
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([it.next(), stopped]);
      if (next.done) return;
      pipe.write(next.value);
    }
  } finally {
    void it.return?.();
  }
}

/** Ends every live attachment (the container's process exited). */
export function endLiveAttachments(c: MemContainer): void {
  for (const live of [...(c.liveAttachments ?? [])]) live.end();
}
