import { LABELS } from "../../engine/runtime/labels.js";
import type { ContainerSummary, Runtime } from "../../engine/runtime/runtime.js";
import type { LoadedProject } from "../../spec/load.js";
import type { WatchSession } from "../../watch/watch-project.js";
import { attachedPrinter, attachedServices, pipeLogs } from "../commands/shared/attach.js";
import type { UpFlags } from "../commands/lifecycle/up.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit.js";
import type { LogPrinter } from "../render/logs.js";
import { logName } from "../render/logs-name.js";
import type { EngineSession } from "../session.js";

interface Attached {
  readonly display: string;
  readonly drained: Promise<void>;
}

/**
 * Attached `up --watch`: streams the logs of the attached services' containers — including the
 * ones a watch rebuild recreates or a restart starts again, picked up from the engine's `start`
 * events — with the watch lines interleaved, until Ctrl-C. The first Ctrl-C stops watching and
 * then the containers gracefully (exit 130), a second kills them. A failed watcher ends the follow
 * and its error is thrown.
 */
export async function followWithWatch(
  ctx: CliContext,
  session: EngineSession,
  loaded: LoadedProject,
  targets: readonly string[],
  selected: readonly string[],
  flags: UpFlags,
  watch: WatchSession,
): Promise<number> {
  const { runtime, interrupts } = session;
  const project = loaded.project.name;
  const services = new Set(attachedServices(loaded, targets, selected, flags));
  const since = Date.now() / 1000 - 1;
  const inScope = (c: ContainerSummary) => c.labels[LABELS.oneoff] !== "True" && services.has(c.labels[LABELS.service] ?? "");
  const running = (await runtime.listContainers({ labels: { [LABELS.project]: project } })).filter(inScope);
  const display = (c: { name: string; labels: Readonly<Record<string, string>> }) =>
    logName(project, c.labels[LABELS.service] ?? "", Number(c.labels[LABELS.containerNumber] ?? "1"), c.name);
  const printer = attachedPrinter(ctx, flags, running.map(display));
  ctx.stdout.write(`Attaching to ${running.map(display).join(", ")}\n`);
  const stop = new AbortController();
  const attached = new Map<string, Attached>();
  const diedAt = new Map<string, number>();
  const attach = (id: string, name: string, labels: Readonly<Record<string, string>>, from: number) => {
    if (attached.has(id)) return;
    const shown = display({ name, labels });
    attached.set(id, { display: shown, drained: pipeLogs(runtime, { id, display: shown, service: labels[LABELS.service] ?? "" }, printer, stop.signal, from) });
  };
  // As attached `up`: the last minute of output of the containers already running.
  for (const c of running) attach(c.id, c.name, c.labels, since - 59);
  const failed = watch.done.then(
    () => undefined,
    (err: unknown) => err,
  );
  const events = followEvents(runtime, project, since, stop.signal, (ev) => {
    const service = ev.attributes[LABELS.service] ?? "";
    if (ev.attributes[LABELS.oneoff] === "True" || !services.has(service)) return;
    // A container's first lines can be older than its `start` event: a new container is followed
    // from its beginning, a restarted one from its last `die`.
    if (ev.action === "start") attach(ev.id, ev.attributes["name"] ?? ev.id.slice(0, 12), ev.attributes, diedAt.get(ev.id) ?? 0);
    else if (ev.action === "die") {
      diedAt.set(ev.id, ev.timeNano / 1e9);
      void exited(attached, ev.id, Number(ev.attributes["exitCode"] ?? "0"), printer);
    }
  });
  const interrupted = new Promise<void>((resolve) => interrupts.graceful.addEventListener("abort", () => resolve(), { once: true }));
  const outcome = await Promise.race([interrupted.then(() => "interrupted" as const), failed]);
  if (outcome === "interrupted") ctx.stderr.write("Gracefully stopping... (press Ctrl+C again to force)\n");
  await watch.close().catch(() => undefined);
  if (outcome === "interrupted") await stopContainers(session, project, selected, flags);
  stop.abort();
  await events;
  await Promise.allSettled([...attached.values()].map((a) => a.drained));
  printer.close();
  if (outcome === "interrupted") return EXIT.interrupted;
  if (outcome !== undefined) throw outcome;
  return EXIT.ok;
}

/** Prints a container's exit line once its remaining output is out (at most 2 s later). */
async function exited(attached: Map<string, Attached>, id: string, code: number, printer: LogPrinter): Promise<void> {
  const a = attached.get(id);
  if (!a) return;
  attached.delete(id);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([a.drained, new Promise((r) => (timer = setTimeout(r, 2000)))]);
  clearTimeout(timer);
  printer.exited(a.display, code);
}

async function followEvents(
  runtime: Runtime,
  project: string,
  since: number,
  signal: AbortSignal,
  on: (ev: { id: string; action: string; attributes: Readonly<Record<string, string>>; timeNano: number }) => void,
): Promise<void> {
  try {
    const filters = { type: ["container"], event: ["start", "die"], label: { [LABELS.project]: project } };
    for await (const ev of runtime.events({ since, filters, signal })) on(ev);
  } catch {
    // the engine went away; Ctrl-C still ends the session
  }
}

/** First Ctrl-C: stop the selected services' containers (a second Ctrl-C kills them). */
async function stopContainers(session: EngineSession, project: string, selected: readonly string[], flags: UpFlags): Promise<void> {
  const { runtime, interrupts } = session;
  const all = await runtime.listContainers({ labels: { [LABELS.project]: project } });
  const mine = all.filter((c) => c.labels[LABELS.oneoff] !== "True" && selected.includes(c.labels[LABELS.service] ?? ""));
  const kill = new Promise<void>((resolve) => interrupts.forced.addEventListener("abort", () => resolve(), { once: true }));
  const stopping = Promise.allSettled(mine.map((c) => runtime.stopContainer(c.id, flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {})));
  const forced = await Promise.race([stopping.then(() => false), kill.then(() => true)]);
  if (forced) await Promise.allSettled(mine.map((c) => runtime.killContainer(c.id)));
}
