import { ComposeError } from "../../spec/errors.js";
import { downProject } from "./down.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { LABELS } from "../runtime/labels.js";
import type { Project } from "../../spec/project.js";
import type { EngineDeps } from "./up.js";

/** A `wait` request. */
export interface WaitRequest {
  readonly projectName: string;
  /** The compose file's project, for `--down-project` (labels suffice without it). */
  readonly project?: Project;
  readonly services: readonly string[];
  /** `--down-project`: take the project down once the first container has exited. */
  readonly downProject?: boolean;
  /** Told about each container as it exits (Compose prints `container "<id>" exited with status code N`). */
  readonly onExit?: (container: { id: string; name: string }, exitCode: number) => void;
}

/**
 * Blocks until the services' running containers (one-offs included, as in Compose) have exited,
 * and resolves with the exit code of the last one to exit. With `downProject`, the project is
 * taken down (orphans too) after the first exit, whose code is then the result. Fails with
 * `E_NO_CONTAINER` when none of the services has a running container.
 */
export async function waitServices(deps: EngineDeps, req: WaitRequest): Promise<number> {
  const { runtime } = deps;
  const running = await runtime.listContainers({ labels: { [LABELS.project]: req.projectName } });
  const containers = running.filter((c) => req.services.includes(c.labels[LABELS.service] ?? ""));
  if (containers.length === 0) {
    throw new ComposeError("E_NO_CONTAINER", `no running containers for service${req.services.length > 1 ? "s" : ""} ${req.services.join(", ")} of project "${req.projectName}"`, {
      hint: "Start them first (`tscompose up -d`); `wait` only waits for running containers.",
    });
  }
  const stop = new AbortController();
  const abort = () => stop.abort();
  deps.signal?.addEventListener("abort", abort, { once: true });
  let last = 0;
  try {
    const waits = containers.map(async (c) => {
      const code = await runtime.waitContainer(c.id, { signal: stop.signal });
      last = code;
      req.onExit?.({ id: c.id, name: c.name }, code);
      return code;
    });
    if (req.downProject) {
      const first = await Promise.race(waits);
      stop.abort();
      await Promise.allSettled(waits);
      await downProject(deps, { projectName: req.projectName, ...(req.project ? { project: req.project } : {}), removeOrphans: true });
      return first;
    }
    await Promise.all(waits);
    return last;
  } catch (error) {
    if (deps.signal?.aborted) throw new InterruptedError();
    throw error;
  } finally {
    deps.signal?.removeEventListener("abort", abort);
  }
}
