import { ComposeError } from "../../spec/errors.js";

/**
 * A readiness probe did not pass in time. The message names the probe and the last error seen;
 * `logs` holds the service's last log lines, which `describe()` prints under it.
 */
export class ProbeError extends ComposeError {
  /** The probe, as `http api:80/health (status 200)`. */
  readonly probe: string;
  readonly service: string;
  /** The last reason the probe did not pass. */
  readonly lastError: string;
  readonly logs: readonly string[];

  constructor(probe: string, service: string, timeoutMs: number, lastError: string, logs: readonly string[]) {
    super("E_PROBE_TIMEOUT", `probe ${probe} did not pass within ${formatMs(timeoutMs)}; last error: ${lastError}`, {
      hint: `Check that service "${service}" starts and listens as expected (its last log lines are below), or raise the probe's timeoutMs.`,
    });
    this.name = "ProbeError";
    this.probe = probe;
    this.service = service;
    this.lastError = lastError;
    this.logs = logs;
  }

  /** The last log lines as an indented block under a heading, or undefined when there are none. */
  get detail(): string | undefined {
    if (this.logs.length === 0) return undefined;
    return [`last ${this.logs.length} log line${this.logs.length === 1 ? "" : "s"} of service ${this.service}:`, ...this.logs.map((l) => `  ${l}`)].join("\n");
  }

  override describe(cwd?: string): string {
    const line = super.describe(cwd);
    const detail = this.detail;
    return detail ? `${line}\n${detail.replace(/^/gm, "  ")}` : line;
  }
}

/** `1.5s`, `30s`, `250ms`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}
