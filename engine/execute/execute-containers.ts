import type { Op, OperationContext } from "./execute-context.js";
import type { Resource } from "./execute-events.js";
import type { HashFrom } from "../plan/operations.js";
import { resolvedConfigHash } from "../plan/plan-up-hash.js";
import { createOrAdoptContainer, nameHolder } from "./execute-adopt.js";
import { LABELS } from "../runtime/labels.js";
import type { ContainerSpec, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/**
 * Creates a container (or adopts the one another `up` just made under its name), reporting a
 * create, or the first half of a recreate that its rename step finishes.
 */
export async function createContainer(ctx: OperationContext, op: Op<"create-container">): Promise<void> {
  const final = ctx.recreates.recreateName(op);
  const row: Resource = { kind: "container", name: final ?? op.name, service: op.service };
  ctx.report.status(row, final ? "Recreate" : "Creating");
  // The spec is complete as planned (a replacement's inherited anonymous volumes included),
  // but for a hash label that depends on containers this run made (op.hashFrom).
  const labels = op.hashFrom ? { ...op.spec.labels, [LABELS.configHash]: await hashFromContainers(ctx, op.hashFrom) } : op.spec.labels;
  const id = await createOrAdopt(ctx, { ...op.spec, ...(labels ? { labels } : {}), name: op.name });
  ctx.containerIds.set(op.name, id);
  // A recreate without a rename step (created under its final name) ends here.
  if (!final) ctx.report.status(row, "Created", { done: true, ok: true });
  else if (!ctx.recreates.endsRecreate(op.name)) ctx.report.status(row, "Recreated", { done: true, ok: true });
}

/** Creates the container, or adopts the one another `up` of the project just made under its name. */
async function createOrAdopt(ctx: OperationContext, spec: ContainerSpec & { name: string }): Promise<string> {
  ctx.specLabels.set(spec.name, spec.labels ?? {});
  return createOrAdoptContainer(ctx.runtime, spec);
}

/**
 * The config hash label of a container whose service refers to containers this run created: the
 * service hashed with each reference resolved to the id of the container now holding the planned
 * name (as Compose labels it), the ids this run recorded first.
 */
async function hashFromContainers(ctx: OperationContext, from: HashFrom): Promise<string> {
  const ids = new Map<string, string>();
  for (const [service, name] of Object.entries(from.containers)) {
    ids.set(service, ctx.containerIds.get(name) ?? (await ctx.runtime.inspectContainer(name)).id);
  }
  return resolvedConfigHash(from.service, (s) => ids.get(s));
}

/**
 * Renames a recreate's replacement to its final name; a concurrent `up` that renamed its own
 * replacement first wins, and ours (a duplicate) is removed.
 */
export async function renameContainer(ctx: OperationContext, op: Op<"rename-container">): Promise<void> {
  let id = ctx.containerIds.get(op.from);
  try {
    await ctx.runtime.renameContainer(op.from, op.to);
  } catch (error) {
    // A concurrent `up` making the same replacement renamed it first (or is renaming it: the
    // engine then says "no such container", "name already in use" or "renaming to the same
    // name"): the final name holds a container as this op's create would have made it.
    const labels = ctx.specLabels.get(op.from);
    const holder = labels === undefined ? "missing" : await settledHolder(ctx.runtime, op.to, labels);
    if (holder === "foreign" || holder === "missing") throw error;
    // Ours is a duplicate when the other up's create came first and ours made a second one.
    if (id !== undefined && id !== holder) await removeContainer(ctx.runtime, id, { force: true, volumes: false });
    id = holder;
  }
  if (id !== undefined) ctx.containerIds.set(op.to, id);
  if (ctx.recreates.endsRecreate(op.from)) ctx.report.status({ kind: "container", name: op.to, service: op.service }, "Recreated", { done: true, ok: true });
}

/** How long a rename raced by another `up` waits for the final name to show a holder. */
const RENAME_RACE_MS = 5_000;

/**
 * Who holds `name` (see nameHolder), asked again while nobody does: the engine answers "no such
 * container" for the old name of a container that another rename is moving before the new name
 * can be inspected.
 */
async function settledHolder(runtime: Runtime, name: string, labels: Readonly<Record<string, string>>): Promise<string> {
  const deadline = Date.now() + RENAME_RACE_MS;
  for (;;) {
    const holder = await nameHolder(runtime, name, labels);
    if (holder !== "missing" || Date.now() >= deadline) return holder;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How long a remove that found another removal of the container in progress waits for it. */
const REMOVAL_WAIT_MS = 30_000;

/**
 * Removes a container. One already gone counts as removed; one whose removal another `up` has
 * started ("removal … is already in progress") is waited for until the engine no longer knows it,
 * so that the name it held is free for the rename that follows.
 */
export async function removeContainer(runtime: Runtime, ref: string, options: { volumes?: boolean; force?: boolean }): Promise<void> {
  try {
    await runtime.removeContainer(ref, options);
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return;
    if (!/already in progress/i.test((error as Error).message)) throw error;
    const deadline = Date.now() + REMOVAL_WAIT_MS;
    while (await exists(runtime, ref)) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Whether the engine knows the container. */
async function exists(runtime: Runtime, ref: string): Promise<boolean> {
  try {
    await runtime.inspectContainer(ref);
    return true;
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return false;
    throw error;
  }
}
