import { ComposeError } from "../../spec/errors.js";
import type { DependsOn } from "../../spec/project.js";
import { Reporter } from "../execute/execute-events.js";
import { serviceGraph, walk, withDependants } from "../plan/graph.js";
import { observeView, type LifecycleRequest } from "./lifecycle.js";
import { serviceContainers, type ObservedContainer } from "../plan/observe.js";
import { subView, targetServices, type ProjectView } from "./project-view.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import type { EngineDeps } from "./up.js";

/** A `restart` request. */
export interface RestartRequest extends LifecycleRequest {
  readonly timeoutSeconds?: number;
  /** `--no-deps`: do not restart the services that depend on the targets with `restart: true`. */
  readonly noDeps?: boolean;
}

/** A `kill` request. */
export interface KillRequest extends LifecycleRequest {
  /** Default SIGKILL, as Compose. */
  readonly signal?: string;
  /** Also kill containers of services the compose file no longer declares. */
  readonly removeOrphans?: boolean;
}

/** The containers a signal-like verb acted on (empty: nothing matched, nothing was done). */
export interface ActionOutcome {
  readonly containers: readonly string[];
}

interface Action {
  readonly working: string;
  readonly done: string;
  /** `restarted`, `killed`… for error messages. */
  readonly past: string;
  readonly code: string;
  readonly dryRun: string;
  run(c: ObservedContainer): Promise<void>;
}

const running = (c: ObservedContainer) => c.status === "running" || c.status === "restarting";

/**
 * Applies `action` to `containers` in parallel with progress rows; rejects with the first failure
 * (naming the service and container) once every call has settled.
 */
async function applyAll(deps: EngineDeps, containers: readonly ObservedContainer[], action: Action, dryRun = false): Promise<void> {
  if (dryRun) {
    for (const c of containers) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN ${action.dryRun} container ${c.name}`, time: Date.now() });
    return;
  }
  const report = new Reporter(deps.sink);
  const results = await Promise.allSettled(
    containers.map(async (c) => {
      const row = { kind: "container" as const, name: c.name, service: c.service };
      report.status(row, action.working);
      try {
        await action.run(c);
      } catch (error) {
        const engine = error instanceof Error ? error.message : String(error);
        report.status(row, "Error", { done: true, ok: false, detail: engine });
        throw new ComposeError(isRuntimeError(error, "unreachable") ? "E_ENGINE_UNREACHABLE" : action.code, `service "${c.service}": container ${c.name} could not be ${action.past}: ${engine}`, {
          ...(error instanceof ComposeError && error.hint !== undefined ? { hint: error.hint } : {}),
          cause: error,
        });
      }
      report.status(row, action.done, { done: true, ok: true });
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** The view's graph keeping only `depends_on` entries with `restart: true`. */
function restartView(view: ProjectView): ProjectView {
  const services = Object.fromEntries(
    Object.entries(view.services).map(([name, svc]) => {
      const deps: Record<string, DependsOn> = Object.fromEntries(Object.entries(svc.depends_on ?? {}).filter(([, d]) => d.restart));
      return [name, { ...svc, depends_on: deps }];
    }),
  );
  return { ...view, services };
}

/**
 * `restart`: restarts the services' containers (stopped ones start), dependencies first; unless
 * `noDeps`, services depending on a target with `depends_on.restart: true` are restarted after it.
 */
export async function restartServices(deps: EngineDeps, req: RestartRequest): Promise<ActionOutcome> {
  const { observed, view } = await observeView(deps, req.ref);
  const targets = targetServices(view, req.services);
  const graphView = restartView(view);
  const selected = req.noDeps ? targets : withDependants(serviceGraph(graphView), targets).services;
  const graph = serviceGraph(subView(graphView, selected));
  const options = req.timeoutSeconds !== undefined ? { timeoutSeconds: req.timeoutSeconds } : {};
  const action: Action = {
    working: "Restarting",
    done: "Started",
    past: "restarted",
    code: "E_CONTAINER_RESTART",
    dryRun: "restart",
    run: (c) => deps.runtime.restartContainer(c.id, options),
  };
  const touched: string[] = [];
  await walk(
    graph,
    "up",
    async (service) => {
      const list = serviceContainers(observed, service);
      touched.push(...list.map((c) => c.name));
      await applyAll(deps, list, action, req.dryRun);
    },
    { ...(deps.signal ? { signal: deps.signal } : {}), ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}) },
  );
  return { containers: touched };
}

/**
 * `kill`: sends `signal` (default SIGKILL) to the running containers of the services, one-offs
 * included, all at once. Containers of services the file no longer declares are killed only
 * with `removeOrphans` (or when there is no compose file).
 */
export async function killServices(deps: EngineDeps, req: KillRequest): Promise<ActionOutcome> {
  const { observed, view } = await observeView(deps, req.ref);
  const named = req.services && req.services.length > 0 ? new Set(targetServices(view, req.services)) : undefined;
  const inScope = (c: ObservedContainer) =>
    named ? named.has(c.service) : !view.fromFile || req.removeOrphans === true || view.services[c.service]?.declared === true;
  const containers = observed.containers.filter((c) => running(c) && inScope(c)).sort((a, b) => a.name.localeCompare(b.name));
  const signal = req.signal ?? "SIGKILL";
  await applyAll(
    deps,
    containers,
    { working: "Killing", done: "Killed", past: "killed", code: "E_CONTAINER_KILL", dryRun: `kill -s ${signal}`, run: (c) => deps.runtime.killContainer(c.id, { signal }) },
    req.dryRun,
  );
  return { containers: containers.map((c) => c.name) };
}

/** `pause`: freezes the services' running containers (one-offs aside). */
export async function pauseServices(deps: EngineDeps, req: LifecycleRequest): Promise<ActionOutcome> {
  return togglePause(deps, req, true);
}

/** `unpause`: thaws the services' paused containers. */
export async function unpauseServices(deps: EngineDeps, req: LifecycleRequest): Promise<ActionOutcome> {
  return togglePause(deps, req, false);
}

async function togglePause(deps: EngineDeps, req: LifecycleRequest, pause: boolean): Promise<ActionOutcome> {
  const { observed, view } = await observeView(deps, req.ref);
  const containers = targetServices(view, req.services)
    .flatMap((s) => serviceContainers(observed, s))
    .filter((c) => (pause ? c.status === "running" : c.status === "paused"));
  const action: Action = pause
    ? { working: "Pausing", done: "Paused", past: "paused", code: "E_CONTAINER_PAUSE", dryRun: "pause", run: (c) => deps.runtime.pauseContainer(c.id) }
    : { working: "Unpausing", done: "Unpaused", past: "unpaused", code: "E_CONTAINER_UNPAUSE", dryRun: "unpause", run: (c) => deps.runtime.unpauseContainer(c.id) };
  await applyAll(deps, containers, action, req.dryRun);
  return { containers: containers.map((c) => c.name) };
}
