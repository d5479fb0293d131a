import type { Project } from "../../spec/project.js";
import { desiredNetworks } from "../../network/networks.js";
import { warnIgnoredAttributes } from "../runtime/api-features.js";
import { desiredVolumes } from "../plan/desired-volumes.js";
import type { EventSink } from "../runtime/engine-events.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { executePlan, type ExecuteResult } from "../execute/execute.js";
import { ensureImages, type BuildOption, type PullOption } from "../images/images.js";
import { observe, type Observed } from "../plan/observe.js";
import { describeOperation } from "../plan/operations.js";
import { desiredScale, planUp, selectServices, serviceImage, type UpPlan, type UpPlanOptions } from "../plan/plan-up.js";
import { checkEngineNames } from "../plan/plan-up-names.js";
import { Readiness, type ReadinessCondition } from "../readiness/readiness.js";
import type { Runtime } from "../runtime/runtime.js";
import { specFactory, type ProjectOrigin } from "../container-spec/spec-for.js";

/** What the engine works with: a runtime, a sink for progress, and Ctrl-C. */
export interface EngineDeps {
  readonly runtime: Runtime;
  readonly sink: EventSink;
  readonly signal?: AbortSignal;
  /** Bound on parallel engine calls (`--parallel`); default unbounded. */
  readonly concurrency?: number;
}

/** An `up` (or `create`, with `noStart`) request. */
export interface UpRequest extends UpPlanOptions {
  readonly project: Project;
  readonly origin: ProjectOrigin;
  readonly disabledServices?: readonly string[];
  readonly pull?: PullOption;
  /** `--build` (build every buildable service first) or `--no-build` (never build). */
  readonly build?: BuildOption;
  readonly renewAnonVolumes?: boolean;
  /** Plan and report, change nothing. */
  readonly dryRun?: boolean;
  /** Compose's `--all-resources`: also create the declared networks and volumes no service uses. */
  readonly allResources?: boolean;
}

/** What `up` did. */
export interface UpOutcome {
  readonly plan: UpPlan;
  /** The services brought up (targets plus dependencies). */
  readonly services: readonly string[];
  readonly result?: ExecuteResult;
  /** Networks and volumes (engine names) that exist once the plan has run: found, or created by it. */
  readonly resources?: { readonly networks: ReadonlySet<string>; readonly volumes: ReadonlySet<string> };
}

/**
 * Converges the engine to the project: observe by label → ensure images → plan → execute, with
 * every dependency gate served by one event subscription. A converged project re-`up`s as a
 * no-op. Throws a ComposeError before changing anything when the plan cannot be made (missing
 * external resource or image), and an ExecutionError naming every failed step otherwise.
 */
export async function upProject(deps: EngineDeps, req: UpRequest): Promise<UpOutcome> {
  const { runtime, sink } = deps;
  const { project } = req;
  const services = selectServices(project, req.services, req.noDeps);
  const networks = desiredNetworks(project, req.allResources);
  // planUp checks this too; here it comes before any image is pulled or built.
  checkEngineNames(project, services, networks, (s) => (project.services[s] ? desiredScale(project.services[s], s, req.scale) : 0), !req.noStart);
  const volumes = desiredVolumes(project, services, req.allResources);
  const imageRefs = services.map((s) => serviceImage(project, s));
  let observed = await observe(runtime, project.name, {
    networks: networks.map((n) => n.name),
    volumes: volumes.map((v) => v.name),
    images: imageRefs,
  });
  const mustBuild = req.build !== "never" && services.some((s) => project.services[s]?.build && (req.build === "always" || project.services[s]?.pull_policy === "build"));
  if (!req.dryRun && (imageRefs.some((ref) => !observed.images.get(ref)) || req.pull === "always" || mustBuild)) {
    const images = await ensureImages(runtime, project, services, sink, req.pull, {
      ...(req.build ? { build: req.build } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    observed = { ...observed, images: new Map([...observed.images, ...images]) };
  }
  const plan = planUp(
    {
      project,
      observed,
      networks,
      volumes,
      specFor: specFactory(project, observed, req.origin, req.renewAnonVolumes),
      ...(req.disabledServices ? { disabledServices: req.disabledServices } : {}),
    },
    req,
  );
  for (const text of plan.warnings) sink.emit({ type: "message", level: "warning", text, time: Date.now() });
  // The engine's API version is known since `observe`: say what it would ignore before creating anything.
  await warnIgnoredAttributes(runtime, sink, plan.operations.flatMap((op) => (op.kind === "create-container" ? [op.spec] : [])));
  for (const c of plan.unchanged) {
    sink.emit({ type: "resource", kind: "container", name: c.name, service: c.service, status: "Running", done: true, ok: true, time: Date.now() });
  }
  if (req.dryRun) {
    for (const op of plan.operations) sink.emit({ type: "message", level: "info", text: `DRY-RUN ${describeOperation(op)}`, time: Date.now() });
    return { plan, services };
  }
  const readiness = new Readiness(runtime, { project: project.name });
  try {
    const result = await executePlan(plan, {
      runtime,
      sink,
      readiness,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
    });
    // The plan ran to the end (a failed step throws), so every network and volume it covers exists.
    const resources = {
      networks: new Set([...observed.networks.keys(), ...networks.filter((n) => !n.external).map((n) => n.name)]),
      volumes: new Set([...observed.volumes.keys(), ...volumes.filter((v) => !v.external).map((v) => v.name)]),
    };
    return { plan, services, result, resources };
  } finally {
    readiness.close();
  }
}

/**
 * `--wait`: every service brought up must be running (healthy when it has a healthcheck), except
 * one-shots that another service needs with `service_completed_successfully`, which must exit 0.
 */
export async function waitForProject(
  deps: EngineDeps,
  project: { readonly name: string; readonly services: Readonly<Record<string, { readonly depends_on?: Readonly<Record<string, { readonly condition: string }>> }>> },
  services: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const oneShots = new Set(
    Object.values(project.services).flatMap((s) =>
      Object.entries(s.depends_on ?? {})
        .filter(([, d]) => d.condition === "service_completed_successfully")
        .map(([name]) => name),
    ),
  );
  const readiness = new Readiness(deps.runtime, { project: project.name });
  readiness.start();
  try {
    await Promise.all(
      services.map(async (name) => {
        const condition: ReadinessCondition = oneShots.has(name) ? "completed_successfully" : "running_or_healthy";
        deps.sink.emit({ type: "resource", kind: "service", name, service: name, status: "Waiting", done: false, time: Date.now() });
        try {
          await readiness.waitForService(name, condition, {
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            ...(deps.signal ? { signal: deps.signal } : {}),
          });
        } catch (error) {
          // The failing service's row, as Compose marks it: a CI log then names the service, not only its container.
          if (!(error instanceof InterruptedError)) deps.sink.emit({ type: "resource", kind: "service", name, service: name, status: "Error", detail: (error as Error).message, done: true, ok: false, time: Date.now() });
          throw error;
        }
        const status = condition === "completed_successfully" ? "Exited" : "Healthy";
        deps.sink.emit({ type: "resource", kind: "service", name, service: name, status, done: true, ok: true, time: Date.now() });
      }),
    );
  } finally {
    readiness.close();
  }
}

/** Re-exported for callers that plan without executing. */
export type { Observed };
