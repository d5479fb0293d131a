import { LABELS } from "../../../engine/runtime/labels.js";
import type { ContainerSummary, Runtime } from "../../../engine/runtime/runtime.js";
import type { LoadedProject } from "../../../spec/load.js";
import type { UpFlags } from "../lifecycle/up.js";
import type { CliContext } from "../../context.js";
import { EXIT } from "../../exit.js";
import { createLogPrinter, type LogPrinter } from "../../render/logs.js";
import { logName } from "../../render/logs-name.js";
import { useColor } from "../../render/colors.js";
import { ansiMode, type EngineSession } from "../../session.js";

interface Followed {
  readonly id: string;
  readonly name: string;
  readonly display: string;
  readonly service: string;
  running: boolean;
  exitCode?: number;
  /** When the container last started (ms); a `die` event before it is from an earlier run. */
  readonly startedAt: number;
  /** Settles when its followed log stream has ended. */
  drained?: Promise<void>;
}

/** Which services attached `up` streams: `--attach`, else the targets (plus dependencies with `--attach-dependencies`), else all; minus `--no-attach` and `attach: false`. */
export function attachedServices(loaded: LoadedProject, targets: readonly string[], selected: readonly string[], flags: UpFlags): string[] {
  const base = flags.attach?.length ? flags.attach : targets.length > 0 && !flags.attachDependencies ? targets : selected;
  const excluded = new Set(flags.noAttach ?? []);
  return base.filter((s) => !excluded.has(s) && loaded.project.services[s]?.attach !== false);
}

/**
 * Attached `up`: prints the containers' output with `web-1  | ` prefixes until they have all
 * exited. First Ctrl-C stops the project's containers gracefully (exit 130), a second kills them.
 * `--abort-on-container-exit` / `--abort-on-container-failure` stop everything at the first (failed)
 * exit; `--exit-code-from SVC` waits for SVC's container even if another exits first, then stops
 * everything and returns SVC's exit code. Returns the process exit code.
 */
export async function followProject(
  ctx: CliContext,
  session: EngineSession,
  loaded: LoadedProject,
  targets: readonly string[],
  selected: readonly string[],
  flags: UpFlags,
): Promise<number> {
  const { runtime } = session;
  const project = loaded.project.name;
  const services = attachedServices(loaded, targets, selected, flags);
  if (flags.exitCodeFrom && !services.includes(flags.exitCodeFrom)) services.push(flags.exitCodeFrom);
  const all = await runtime.listContainers({ all: true, labels: { [LABELS.project]: project } });
  const inScope = all.filter((c) => c.labels[LABELS.oneoff] !== "True" && selected.includes(c.labels[LABELS.service] ?? ""));
  const followed = (await Promise.all(inScope.filter((c) => services.includes(c.labels[LABELS.service] ?? "")).map((c) => toFollowed(runtime, project, c)))).filter(
    (f): f is Followed => f !== undefined,
  );
  const printer = attachedPrinter(ctx, flags, followed.map((f) => f.display));
  ctx.stdout.write(`Attaching to ${followed.map((f) => f.display).join(", ")}\n`);
  const stop = new AbortController();
  const since = Math.floor(Date.now() / 1000) - 60;
  for (const f of followed) f.drained = pipeLogs(runtime, f, printer, stop.signal, since);
  // Containers that were done before we looked: their output first, then their exit line.
  for (const f of followed.filter((x) => !x.running)) {
    await drained(f);
    printer.exited(f.display, f.exitCode ?? 0);
  }
  const outcome = await watchExits(session, project, followed, inScope, printer, flags);
  stop.abort();
  await Promise.allSettled(followed.map((f) => f.drained));
  printer.close();
  return outcome;
}

/** Inspects a container for its state now: running or not, exit code, when it (last) started. */
async function toFollowed(runtime: Runtime, project: string, c: ContainerSummary): Promise<Followed | undefined> {
  const details = await runtime.inspectContainer(c.id).catch(() => undefined);
  if (!details) return undefined; // removed meanwhile
  const service = c.labels[LABELS.service] ?? "";
  const n = Number(c.labels[LABELS.containerNumber] ?? "1");
  const running = details.state.running || details.state.restarting;
  return {
    id: c.id,
    name: c.name,
    display: logName(project, service, n, c.name),
    service,
    running,
    startedAt: details.state.startedAt ? Date.parse(details.state.startedAt) : 0,
    ...(running ? {} : { exitCode: details.state.exitCode }),
  };
}

/** Waits (at most 2 s) for a container's log stream to end, so its last lines come before its exit line. */
async function drained(f: Followed): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([f.drained, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
  clearTimeout(timer);
}

/**
 * Prints a container's followed log (from `since`, unix seconds; 0: from its beginning) until it
 * ends. A container that goes away ends it quietly: its exit is reported, or its replacement
 * followed, from the engine's events.
 */
export async function pipeLogs(
  runtime: Runtime,
  f: { readonly id: string; readonly display: string; readonly service: string },
  printer: LogPrinter,
  signal: AbortSignal,
  since: number,
): Promise<void> {
  try {
    for await (const line of runtime.logs(f.id, { follow: true, ...(since > 0 ? { since } : {}), signal })) {
      printer.line(f.display, f.service, line.stream, `${line.text}\n`, line.time ? new Date(line.time) : undefined);
    }
  } catch {
    // the container went away (see above)
  }
}

/** The printer of attached logs: colors, prefixes and timestamps as `up`'s flags ask. */
export function attachedPrinter(ctx: CliContext, flags: UpFlags, names: readonly string[]): LogPrinter {
  return createLogPrinter(ctx.stdout, {
    color: flags.color !== false && useColor(ansiMode(ctx), ctx.stdout, ctx.env),
    prefix: flags.logPrefix !== false,
    timestamps: flags.timestamps === true,
    names,
  });
}

/** Waits for exits (or Ctrl-C) and applies the abort flags; returns the exit code. */
async function watchExits(
  session: EngineSession,
  project: string,
  followed: Followed[],
  inScope: readonly ContainerSummary[],
  printer: LogPrinter,
  flags: UpFlags,
): Promise<number> {
  const { runtime, interrupts } = session;
  const byId = new Map(followed.map((f) => [f.id, f]));
  const target = flags.exitCodeFrom;
  const abortOnExit = flags.abortOnContainerExit === true || target !== undefined;
  const events = new AbortController();
  const stopAll = async (kill: boolean) => {
    await Promise.allSettled(
      inScope.map((c) => (kill ? runtime.killContainer(c.id) : runtime.stopContainer(c.id, flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}))),
    );
  };
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    process.stderr.write("Gracefully stopping... (press Ctrl+C again to force)\n");
    void stopAll(false);
  };
  const onForce = () => void stopAll(true);
  interrupts.graceful.addEventListener("abort", onInterrupt, { once: true });
  interrupts.forced.addEventListener("abort", onForce, { once: true });
  try {
    const targetDone = target !== undefined && followed.some((f) => f.service === target && !f.running);
    if (targetDone) {
      await stopAll(false);
      return exitCodeOf(followed, target);
    }
    if (followed.every((f) => !f.running)) return exitCodeOf(followed, target);
    const filters = { type: ["container"], event: ["die"], label: { [LABELS.project]: project } };
    // Replayed from the earliest start of a running container: the engine can emit a `die` before
    // its container list says "exited", so replaying from the time of the list could miss it.
    // A `die` older than its container's last start belongs to an earlier run and is skipped.
    const since = Math.min(...followed.filter((f) => f.running).map((f) => f.startedAt)) / 1000 - 0.001;
    for await (const ev of runtime.events({ since, filters, signal: events.signal })) {
      const f = byId.get(ev.id);
      if (!f || !f.running || ev.timeNano / 1e6 < f.startedAt - 1) continue;
      f.running = false;
      f.exitCode = Number(ev.attributes["exitCode"] ?? "0");
      await drained(f);
      printer.exited(f.display, f.exitCode);
      const trigger = target ? f.service === target : abortOnExit || (flags.abortOnContainerFailure === true && f.exitCode !== 0);
      if (trigger && !interrupted) {
        process.stderr.write(`Aborting on container exit...\n`);
        await stopAll(false);
        return target ? exitCodeOf(followed, target) : f.exitCode;
      }
      if (followed.every((x) => !x.running)) break;
    }
    if (interrupted) return EXIT.interrupted;
    return exitCodeOf(followed, target);
  } finally {
    events.abort();
    interrupts.graceful.removeEventListener("abort", onInterrupt);
    interrupts.forced.removeEventListener("abort", onForce);
  }
}

function exitCodeOf(followed: readonly Followed[], target: string | undefined): number {
  if (!target) return 0;
  return followed.find((f) => f.service === target)?.exitCode ?? 0;
}
