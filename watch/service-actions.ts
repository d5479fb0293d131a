import { buildServices } from "../engine/images/build.js";
import { LABELS } from "../engine/runtime/labels.js";
import { serviceImage } from "../engine/plan/plan-up.js";
import type { Runtime } from "../engine/runtime/runtime.js";
import type { ProjectOrigin } from "../engine/container-spec/spec-for.js";
import { upProject, type EngineDeps } from "../engine/verbs/up.js";
import type { Project, ServiceHook } from "../spec/project.js";
import { containerOwner, type Owner } from "./container-user.js";
import type { ServiceActions } from "./rules.js";
import { syncToContainers } from "./syncer.js";
import { formatMs, syncMessage, type WatchEvent } from "./watch-events.js";

/** What running actions needs: the engine, the project, and where events go. */
export interface ActionContext {
  readonly deps: EngineDeps;
  readonly project: Project;
  readonly origin: ProjectOrigin;
  readonly emit: (e: WatchEvent) => void;
  /** Resolved owners by container id (a container's user does not change while it lives). */
  readonly owners: Map<string, Owner>;
  /** Remove the image a rebuild replaced when it is left dangling (`watch --prune`). */
  readonly prune?: boolean;
}

/**
 * Carries out one service's actions: a rebuild alone, or deletions and copies, then a restart,
 * then the `sync+exec` hooks. Each step reports one event; a failure reports an error event and
 * skips the steps after it (a failed build changes no container). Never throws.
 */
export async function runServiceActions(ctx: ActionContext, a: ServiceActions): Promise<void> {
  const service = a.service;
  try {
    if (a.rebuild) return await rebuild(ctx, service);
    const containers = await runningContainers(ctx.deps.runtime, ctx.project.name, service);
    if (containers.length === 0) {
      ctx.emit({ service, kind: "warning", message: "no running container, changes not applied" });
      return;
    }
    if (a.writes.length > 0 || a.deletes.length > 0) {
      const r = await syncToContainers(ctx.deps.runtime, { containers, writes: a.writes, deletes: a.deletes, ownerOf: (c) => ownerOf(ctx, c) });
      // Paths gone from the host before they could be copied leave nothing to report.
      if (r.files > 0 || r.deleted > 0) ctx.emit({ service, kind: "synced", message: syncMessage(r), files: r.files, bytes: r.bytes, ms: r.ms });
    }
    if (a.restart) await restart(ctx, service, containers);
    for (const hook of a.execs) await runHook(ctx, service, containers, hook);
  } catch (error) {
    ctx.emit({ service, kind: "error", message: errorText(a.rebuild ? "rebuild failed" : "failed", error) });
  }
}

/** The running, non-one-off containers of a service, by container number. */
export async function runningContainers(runtime: Runtime, project: string, service: string): Promise<string[]> {
  const list = await runtime.listContainers({ labels: { [LABELS.project]: project, [LABELS.service]: service } });
  return list
    .filter((c) => c.labels[LABELS.oneoff] !== "True")
    .sort((x, y) => Number(x.labels[LABELS.containerNumber] ?? 0) - Number(y.labels[LABELS.containerNumber] ?? 0))
    .map((c) => c.id);
}

async function ownerOf(ctx: ActionContext, container: string): Promise<Owner> {
  const known = ctx.owners.get(container);
  if (known) return known;
  const owner = await containerOwner(ctx.deps.runtime, container);
  ctx.owners.set(container, owner);
  return owner;
}

/**
 * Builds the service's image, then `up` of that service alone (a new image id recreates it), then
 * restarts the running dependants that declare `depends_on.<service>.restart: true`.
 */
async function rebuild(ctx: ActionContext, service: string): Promise<void> {
  const started = Date.now();
  const { runtime, sink, signal } = ctx.deps;
  const previous = ctx.prune ? await runtime.inspectImage(serviceImage(ctx.project, service)) : undefined;
  await buildServices({ runtime, sink, ...(signal ? { signal } : {}) }, ctx.project, [service]);
  await upProject(ctx.deps, { project: ctx.project, origin: ctx.origin, services: [service], noDeps: true, build: "never" });
  const ms = Date.now() - started;
  ctx.emit({ service, kind: "rebuilt", message: `rebuilt and recreated in ${formatMs(ms)}`, ms });
  if (previous) await pruneDangling(runtime, ctx.project.name, previous.id);
  for (const [name, svc] of Object.entries(ctx.project.services)) {
    if (!svc.depends_on?.[service]?.restart) continue;
    const containers = await runningContainers(runtime, ctx.project.name, name);
    if (containers.length > 0) await restart(ctx, name, containers, ` (after ${service} was recreated)`);
  }
}

/** Removes an image of this project that no tag names any more; one still in use stays (best effort). */
async function pruneDangling(runtime: Runtime, project: string, id: string): Promise<void> {
  const image = await runtime.inspectImage(id).catch(() => undefined);
  if (!image || image.repoTags.length > 0 || image.labels[LABELS.project] !== project) return;
  await runtime.removeImage(id).catch(() => undefined);
}

async function restart(ctx: ActionContext, service: string, containers: readonly string[], why = ""): Promise<void> {
  const started = Date.now();
  await Promise.all(containers.map((c) => ctx.deps.runtime.restartContainer(c)));
  const ms = Date.now() - started;
  ctx.emit({ service, kind: "restarted", message: `restarted in ${formatMs(ms)}${why}`, ms });
}

/** Runs a `sync+exec` hook in each container; a non-zero exit is an error event. */
async function runHook(ctx: ActionContext, service: string, containers: readonly string[], hook: ServiceHook): Promise<void> {
  const started = Date.now();
  const text = hook.command.join(" ");
  for (const c of containers) {
    const r = await ctx.deps.runtime.exec(c, {
      cmd: hook.command,
      ...(hook.user ? { user: hook.user } : {}),
      ...(hook.working_dir ? { workingDir: hook.working_dir } : {}),
      ...(hook.environment ? { env: hook.environment } : {}),
      ...(hook.privileged ? { privileged: true } : {}),
    });
    if (r.exitCode !== 0) {
      const output = (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ");
      ctx.emit({ service, kind: "error", message: `"${text}" exited with code ${r.exitCode}${output ? `: ${output}` : ""}` });
      return;
    }
  }
  const ms = Date.now() - started;
  ctx.emit({ service, kind: "executed", message: `ran "${text}" in ${formatMs(ms)}`, ms });
}

function errorText(prefix: string, error: unknown): string {
  const e = error as { message?: string; hint?: string };
  const message = (e?.message ?? String(error)).split("\n")[0];
  return `${prefix}: ${message}`;
}
