import { setTimeout as sleep } from "node:timers/promises";
import { InterruptedError } from "../../engine/execute/execute-errors.js";
import { LABELS } from "../../engine/runtime/labels.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { EngineConnection } from "../connect/connect.js";
import { ProbeError } from "./probe-error.js";
import type { Probe } from "./probes.js";

/** Where probes run. */
export interface ProbeTarget {
  readonly runtime: Runtime;
  readonly projectName: string;
  readonly connection: EngineConnection;
  /** Stops every probe with an InterruptedError. */
  readonly signal?: AbortSignal;
}

/** Default time a probe may take in all. */
export const PROBE_TIMEOUT_MS = 60_000;
const INTERVAL_MS = 200;
const LOG_LINES = 10;

/**
 * Runs the probes side by side, each attempt after attempt until it passes or its time is up.
 * Resolves when all passed; rejects with the first ProbeError (probe, last error, the service's
 * last log lines), or an InterruptedError when `target.signal` aborts.
 */
export async function runProbes(probes: readonly Probe[], target: ProbeTarget): Promise<void> {
  const failed = new AbortController();
  const signal = target.signal ? AbortSignal.any([target.signal, failed.signal]) : failed.signal;
  await Promise.all(
    probes.map((p) =>
      runProbe(p, { ...target, signal }).catch((error: unknown) => {
        failed.abort();
        throw error;
      }),
    ),
  );
}

/** Runs one probe until it passes, its time is up (ProbeError) or `signal` aborts. */
export async function runProbe(probe: Probe, target: ProbeTarget): Promise<void> {
  const timeoutMs = probe.timeoutMs ?? PROBE_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = target.signal ? AbortSignal.any([target.signal, deadline]) : deadline;
  let lastError = "no attempt finished";
  while (!signal.aborted) {
    try {
      await probe.check({ runtime: target.runtime, projectName: target.projectName, connection: target.connection, signal });
      return;
    } catch (error) {
      if (!signal.aborted || lastError === "no attempt finished") lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(probe.intervalMs ?? INTERVAL_MS, undefined, { signal }).catch(() => undefined);
  }
  if (target.signal?.aborted && !deadline.aborted) throw new InterruptedError(`stopped waiting for probe ${probe.description}`);
  throw new ProbeError(probe.description, probe.service, timeoutMs, lastError, await lastLines(target.runtime, target.projectName, probe.service));
}

/** The service's last log lines (each container's, in container order), `[]` when they cannot be read. */
export async function lastLines(runtime: Runtime, projectName: string, service: string): Promise<string[]> {
  try {
    const containers = await runtime.listContainers({ all: true, labels: { [LABELS.project]: projectName, [LABELS.service]: service } });
    const lines: string[] = [];
    for (const c of containers.filter((x) => x.labels[LABELS.oneoff] !== "True")) {
      for await (const line of runtime.logs(c.id, { tail: LOG_LINES, signal: AbortSignal.timeout(5000) })) lines.push(containers.length > 1 ? `${c.name}: ${line.text}` : line.text);
    }
    return lines;
  } catch {
    return [];
  }
}
