import type { ContainerDetails, Runtime } from "../runtime/runtime.js";

/** What one probe run through exec gave: its exit code (-1 when it timed out) and output. */
export interface ProbeOutcome {
  readonly via: "exec";
  readonly exitCode: number;
  readonly output: string;
}

/** The probe's argv: `CMD-SHELL` runs through `/bin/sh -c`, as the engine does; `CMD` as written. */
export function probeCommand(test: readonly string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  if (kind === "CMD" && rest.length > 0) return rest;
  return undefined;
}

/**
 * Runs the container's healthcheck once through exec, for engines with no single-check endpoint;
 * a probe that outlives `timeoutMs` fails with the engine's wording.
 */
export async function execProbe(runtime: Runtime, container: ContainerDetails, timeoutMs: number): Promise<ProbeOutcome> {
  const cmd = probeCommand(container.config.healthcheck?.test ?? []);
  if (!cmd) return { via: "exec", exitCode: 1, output: "no healthcheck command" };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ via: "exec", exitCode: -1, output: `Health check exceeded timeout (${timeoutMs / 1000}s)` });
    }, timeoutMs);
  });
  try {
    const ran = runtime.exec(container.id, { cmd, signal: controller.signal }).then((r) => ({ via: "exec" as const, exitCode: r.exitCode, output: (r.stdout + r.stderr).slice(0, 4096) }));
    return await Promise.race([ran, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
