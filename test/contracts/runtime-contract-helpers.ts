import { Writable } from "node:stream";
import { expect } from "vitest";
import type { ContainerSpec } from "../../engine/runtime/runtime-container-spec.js";
import { RuntimeError } from "../../engine/runtime/runtime-errors.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { RuntimeEvent } from "../../engine/runtime/runtime-types.js";

/** Shared state of one contract run, handed to each group of tests. */
export interface ContractContext {
  readonly runtime: () => Runtime;
  readonly image: string;
  /** `tsc-contract-<hex>`: every object's name starts with it and carries it as project label. */
  readonly project: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A unique object name: `<project>-<suffix>`. */
  name(suffix: string): string;
  /** Creates a labelled container from partial spec (image and labels filled in). */
  container(suffix: string, spec?: Partial<ContainerSpec>): Promise<string>;
}

/** A long-running command that exits 0 at once on SIGTERM. */
export const LOOP = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];

/** Collects an async iterable into an array. */
export async function collectAll<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** Expects a promise to reject with a RuntimeError of the given reason. */
export async function expectRuntimeError(promise: Promise<unknown>, reason?: RuntimeError["reason"]): Promise<RuntimeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  if (reason) expect((error as RuntimeError).reason).toBe(reason);
  return error as RuntimeError;
}

/**
 * Streams events from `since` until `until(event, seen)` says stop (or the timeout passes), then
 * returns everything seen. Events are replayed from `since`, so nothing is missed.
 */
export async function eventsUntil(
  runtime: Runtime,
  since: Date,
  filters: NonNullable<Parameters<Runtime["events"]>[0]>["filters"],
  until: (event: RuntimeEvent, seen: RuntimeEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<RuntimeEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: RuntimeEvent[] = [];
  try {
    for await (const event of runtime.events({ since: new Date(since.getTime() - 1000), ...(filters ? { filters } : {}), signal: controller.signal })) {
      seen.push(event);
      if (until(event, seen)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}


/** A writable that keeps what is written to it. */
export class Captured extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}
