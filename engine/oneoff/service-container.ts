import { ComposeError } from "../../spec/errors.js";
import { LABELS } from "../runtime/labels.js";
import type { ContainerSummary, Runtime } from "../runtime/runtime.js";

/** Which container of a service a verb (`exec`, `cp`) acts on. */
export interface ServiceContainerQuery {
  readonly projectName: string;
  readonly service: string;
  /** The container number (`--index`); default: the lowest-numbered one. */
  readonly index?: number;
  /** Only running containers count (`exec`); otherwise stopped ones do too (`cp`). */
  readonly running?: boolean;
}

/**
 * The service's container chosen by `--index` (its `container-number` label), else the
 * lowest-numbered one; one-off (`run`) containers never. Fails with `E_NO_CONTAINER`, saying
 * what to do, when there is none.
 */
export async function serviceContainer(runtime: Runtime, q: ServiceContainerQuery): Promise<ContainerSummary> {
  const [first] = await serviceContainerList(runtime, q);
  return first as ContainerSummary;
}

/**
 * Every container of the service (only the one of `--index` when given), lowest number first,
 * one-offs never; never empty: fails as `serviceContainer` does when there is none.
 */
export async function serviceContainerList(runtime: Runtime, q: ServiceContainerQuery): Promise<ContainerSummary[]> {
  const labels = { [LABELS.project]: q.projectName, [LABELS.service]: q.service };
  const number = (c: ContainerSummary) => Number(c.labels[LABELS.containerNumber] ?? "0");
  const list = (await runtime.listContainers({ all: q.running !== true, labels }))
    .filter((c) => c.labels[LABELS.oneoff] !== "True")
    .filter((c) => q.index === undefined || number(c) === q.index)
    .sort((a, b) => number(a) - number(b));
  if (list.length > 0) return list;
  const state = q.running ? "running " : "";
  if (q.index !== undefined) {
    throw new ComposeError("E_NO_CONTAINER", `service "${q.service}" has no ${state}container with index ${q.index}`, {
      hint: "Check the indexes with `tscompose ps`.",
    });
  }
  throw new ComposeError("E_NO_CONTAINER", q.running ? `service "${q.service}" is not running` : `service "${q.service}" has no container`, {
    hint: "Start it with `tscompose up -d` first.",
  });
}
