import type { PullOption } from "../../engine/images/images.js";
import type { UpPlanOptions } from "../../engine/plan/plan-up.js";
import { upProject, waitForProject, type EngineDeps, type UpOutcome } from "../../engine/verbs/up.js";
import { type LoadedProject } from "../../spec/load.js";
import type { EngineConnection } from "../connect/connect.js";
import type { Probe } from "../probes/probes.js";
import { projectOrigin } from "../connect/origin.js";

/**
 * How `up` brings the project up: the plan's options (services and their dependencies, recreate
 * rules, orphans, scale, no-start, stop timeout; engine/plan/plan-up.ts) plus these.
 */
export interface UpOptions extends UpPlanOptions {
  readonly pull?: PullOption;
  /** true: build every buildable service first; false: never build (a missing image is an error). Default: build missing images. */
  readonly build?: boolean;
  /** Fresh anonymous volumes instead of the old containers'. */
  readonly renewAnonVolumes?: boolean;
  /** Also create the declared networks and volumes no service uses (load the project with `allResources` too). */
  readonly allResources?: boolean;
  /** Plan and report, change nothing. */
  readonly dryRun?: boolean;
  /**
   * Wait until every service brought up runs (and is healthy when it has a healthcheck; one-shots
   * others need must exit 0), as `up --wait`. `{ timeoutMs }` bounds the wait (E_WAIT_TIMEOUT).
   */
  readonly wait?: boolean | { readonly timeoutMs?: number };
  /** Readiness probes to pass after the wait (see `tcp`, `http`, `log`). */
  readonly probes?: readonly Probe[];
}

/** The engine dependencies plus the connection the probes dial through. */
export interface ApiDeps extends EngineDeps {
  readonly connection?: EngineConnection;
}

/**
 * Converges the engine to the loaded project (a converged project re-`up`s as a no-op), then as
 * asked waits for it and runs the probes. Errors: ComposeErrors before anything changes (missing
 * image or external resource), an ExecutionError naming each failed step, a ReadinessError for a
 * service that did not become ready, a ProbeError for a probe that did not pass.
 */
export async function upStack(deps: ApiDeps, loaded: LoadedProject, options: UpOptions = {}): Promise<UpOutcome> {
  // The rest (plan options, pull, renewAnonVolumes, dryRun) carries the engine request's names.
  const { build, wait: _wait, probes: _probes, ...rest } = options;
  const outcome = await upProject(deps, {
    ...rest,
    project: loaded.project,
    origin: projectOrigin(loaded),
    disabledServices: loaded.disabledServices,
    ...(build !== undefined ? { build: build ? "always" : "never" } : {}),
  });
  if (options.dryRun || options.noStart) return outcome;
  if (options.wait) {
    const timeoutMs = typeof options.wait === "object" ? options.wait.timeoutMs : undefined;
    await waitForProject(deps, loaded.project, outcome.services, timeoutMs !== undefined ? { timeoutMs } : {});
  }
  if (options.probes && options.probes.length > 0) {
    // Loaded on demand: the CLI's `up` runs through here and never probes.
    const { runProbes } = await import("../probes/probe-runner.js");
    await runProbes(options.probes, {
      runtime: deps.runtime,
      projectName: loaded.project.name,
      connection: deps.connection ?? {},
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  }
  return outcome;
}

