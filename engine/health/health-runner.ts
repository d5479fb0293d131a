import type { ContainerDetails, EngineIdentity, HealthStatus, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import { systemClock, type Clock } from "./clock.js";
import { execProbe, type ProbeOutcome } from "./exec-probe.js";
import { healthSchedule, inStartPeriod, nextProbeDelay, silenceDeadline, type HealthSchedule } from "./schedule.js";

/** One check tscompose ran itself, and the status after it. */
export interface HealthResult {
  readonly status: HealthStatus;
  /** `engine`: the engine recorded it (its inspect tells the truth); `exec`: only this result does. */
  readonly via: "engine" | "exec";
  /** With `exec`: the probe's exit code and output (as the engine's health log would hold them). */
  readonly exitCode?: number;
  readonly output?: string;
}

/**
 * Makes sure a container's healthcheck runs while someone waits on it, on engines that do not
 * run healthchecks themselves (Podman without systemd). `watch` returns the function that stops
 * watching; when nobody watches a container any more its checks stop.
 */
export interface HealthRunner {
  watch(container: ContainerDetails, onResult: (result: HealthResult) => void): () => void;
}

/** A runner for engines that run every healthcheck themselves: does nothing. */
export const engineRunsHealthchecks: HealthRunner = { watch: () => () => undefined };

interface Loop {
  readonly listeners: Set<(r: HealthResult) => void>;
  cancel: () => void;
  stopped: boolean;
}

/**
 * Runs each watched container's healthcheck on its schedule (`interval`, `timeout`, `retries`,
 * `start_period`, `start_interval`) when the engine does not: known at once when the engine says
 * so (`identify()`: `none`), or found out when its health log is still empty past start period +
 * interval (`unknown`). Each check goes through the engine's own single-check endpoint
 * (`runHealthcheck`, so its status stays true for everyone), or through exec where it has none
 * (the status is then computed here, with the engine's rules). Never runs a check the engine runs:
 * an engine that says it runs them is left alone, and a probe found in the log that is not one of
 * ours stops the loop. One loop per container, however many watch it.
 */
export class ExternalHealthRunner implements HealthRunner {
  private readonly loops = new Map<string, Loop>();
  private identity: Promise<EngineIdentity> | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly clock: Clock = systemClock,
  ) {}

  watch(container: ContainerDetails, onResult: (result: HealthResult) => void): () => void {
    if (!container.config.hasHealthcheck || !this.runtime.identify) return () => undefined;
    let loop = this.loops.get(container.id);
    if (!loop) {
      const created: Loop = { listeners: new Set(), cancel: () => undefined, stopped: false };
      loop = created;
      this.loops.set(container.id, created);
      void this.run(container, created).catch(() => undefined).finally(() => this.end(container.id, created));
    }
    const current = loop;
    current.listeners.add(onResult);
    return () => {
      current.listeners.delete(onResult);
      if (current.listeners.size === 0) this.end(container.id, current);
    };
  }

  private end(id: string, loop: Loop): void {
    loop.stopped = true;
    loop.cancel();
    if (this.loops.get(id) === loop) this.loops.delete(id);
  }

  private identify(): Promise<EngineIdentity> {
    this.identity ??= this.runtime.identify?.() ?? Promise.resolve({ kind: "other", healthchecks: "engine" });
    return this.identity;
  }

  private sleepUntil(loop: Loop, at: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (loop.stopped) return resolve(false);
      const cancel = this.clock.after(at - this.clock.now(), () => resolve(!loop.stopped));
      loop.cancel = () => {
        cancel();
        resolve(false);
      };
    });
  }

  private async run(container: ContainerDetails, loop: Loop): Promise<void> {
    const { healthchecks } = await this.identify();
    if (healthchecks === "engine" || loop.stopped) return;
    const schedule = healthSchedule(container.config.healthcheck);
    const startedAt = Date.parse(container.state.startedAt ?? "") || this.clock.now();
    let lastOursEnd = 0;
    if (healthchecks === "unknown") {
      if (!(await this.sleepUntil(loop, silenceDeadline(schedule, startedAt)))) return;
      if (!(await this.silent(container.id, 0))) return;
    } else if (!(await this.sleepUntil(loop, startedAt + nextProbeDelay(schedule, startedAt, startedAt, false)))) {
      return;
    }
    const state = { streak: container.state.failingStreak, status: container.state.health };
    let useExec = !this.runtime.runHealthcheck;
    for (;;) {
      if (healthchecks === "unknown" && lastOursEnd > 0 && !(await this.silent(container.id, lastOursEnd))) return;
      const outcome = await this.probeOnce(container, schedule, useExec);
      if (outcome === "gone") return;
      if (outcome === "no-endpoint") {
        useExec = true;
        continue;
      }
      lastOursEnd = this.clock.now();
      const result = outcome.via === "engine" ? outcome : this.judge(schedule, startedAt, state, outcome);
      for (const listener of [...loop.listeners]) listener(result);
      const next = lastOursEnd + nextProbeDelay(schedule, startedAt, lastOursEnd, result.status === "healthy");
      if (!(await this.sleepUntil(loop, next))) return;
    }
  }

  /** True while the engine has logged no probe of its own (none at all, or none since `since`). */
  private async silent(id: string, since: number): Promise<boolean> {
    try {
      const d = await this.runtime.inspectContainer(id);
      if (d.state.status !== "running") return false;
      const last = d.state.lastHealthLog;
      return !last || (since > 0 && Date.parse(last.start) <= since);
    } catch {
      return false;
    }
  }

  private async probeOnce(container: ContainerDetails, schedule: HealthSchedule, useExec: boolean): Promise<(HealthResult & { via: "engine" }) | ProbeOutcome | "gone" | "no-endpoint"> {
    try {
      if (!useExec && this.runtime.runHealthcheck) return { status: await this.runtime.runHealthcheck(container.id), via: "engine" };
      return await execProbe(this.runtime, container, schedule.timeoutMs);
    } catch (error) {
      const running = await this.runtime.inspectContainer(container.id).then((d) => d.state.status === "running").catch(() => false);
      if (!running) return "gone";
      if (!useExec && isRuntimeError(error, "not-found")) return "no-endpoint";
      // A probe the engine could not run (busy, exec refused) counts as a failed one, as the engine's would.
      return { via: "exec", exitCode: -1, output: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The engine's rules for a probe run through exec: success heals, failures outside the start period count. */
  private judge(schedule: HealthSchedule, startedAt: number, state: { streak: number; status: HealthStatus }, o: ProbeOutcome): HealthResult {
    if (o.exitCode === 0) {
      state.streak = 0;
      state.status = "healthy";
    } else if (!inStartPeriod(schedule, startedAt, this.clock.now())) {
      state.streak += 1;
      if (state.streak >= schedule.retries) state.status = "unhealthy";
    }
    if (state.status === "none") state.status = "starting";
    return { status: state.status, via: "exec", exitCode: o.exitCode, output: o.output };
  }
}
