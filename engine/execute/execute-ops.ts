import { InterruptedError, OperationError, ReadinessError } from "./execute-errors.js";
import { resourceOf, type RecreateIndex, type Reporter, type Resource } from "./execute-events.js";
import type { HashFrom, Operation } from "../plan/operations.js";
import { resolvedConfigHash } from "../plan/plan-up-hash.js";
import type { Readiness } from "../readiness/readiness.js";
import type { ReadinessObservation } from "../readiness/readiness-types.js";
import { createOrAdoptContainer, ensureNetwork, nameHolder } from "./execute-adopt.js";
import { LABELS } from "../runtime/labels.js";
import type { ContainerSpec, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/** What an operation runs with. */
export interface OperationContext {
  readonly runtime: Runtime;
  readonly readiness: Readiness;
  readonly report: Reporter;
  readonly recreates: RecreateIndex;
  readonly signal?: AbortSignal;
  readonly dependencyTimeoutMs?: number;
  /** Filled in: container name → id. */
  readonly containerIds: Map<string, string>;
  /** Filled in: wait op id → observations. */
  readonly observations: Map<string, readonly ReadinessObservation[]>;
  /** Filled in: name of a container this run created or adopted → the labels it was planned with. */
  readonly specLabels: Map<string, Readonly<Record<string, string>>>;
}

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

/**
 * Runs one operation with its Runtime calls and progress events. Idempotent where the engine
 * allows: a network, volume or container that another `up` of the project has just made under
 * the same name (and, for a container, the same service, number and config hash) is adopted
 * (execute-adopt.ts), and a container, network or volume already gone counts as removed.
 * Throws whatever the engine threw otherwise (a foreign container holding the name included).
 */
export async function runOperation(op: Operation, ctx: OperationContext): Promise<void> {
  switch (op.kind) {
    case "create-network":
      return step(ctx, op, ["Creating", "Created"], () => createNetwork(ctx, op));
    case "create-volume":
      return step(ctx, op, ["Creating", "Created"], () => createVolume(ctx, op));
    case "remove-network":
      return removeShared(ctx, op, () => ctx.runtime.removeNetwork(op.name), () => networkUsers(ctx.runtime, op.name));
    case "remove-volume":
      return removeShared(ctx, op, () => ctx.runtime.removeVolume(op.name), async () => "");
    case "pull-image":
      return step(ctx, op, ["Pulling", "Pulled"], () => ctx.runtime.pullImage(op.image, ctx.signal ? { signal: ctx.signal } : {}));
    case "create-container":
      return createContainer(ctx, op);
    case "start-container":
      return step(ctx, op, ["Starting", "Started"], () => ctx.runtime.startContainer(op.name));
    case "stop-container": {
      const options = op.timeoutSeconds !== undefined ? { timeoutSeconds: op.timeoutSeconds } : {};
      const words = ctx.recreates.isReplaced(op.name) ? undefined : (["Stopping", "Stopped"] as const);
      return step(ctx, op, words, () => ignore(ctx.runtime.stopContainer(op.name, options), "not-found"));
    }
    case "remove-container": {
      const options = { volumes: op.volumes, ...(op.force !== undefined ? { force: op.force } : {}) };
      const words = ctx.recreates.isReplaced(op.name) ? undefined : (["Removing", "Removed"] as const);
      return step(ctx, op, words, () => removeContainer(ctx.runtime, op.name, options));
    }
    case "rename-container":
      return renameContainer(ctx, op);
    case "disconnect-network":
      // Not connected (any more) is what this step wants.
      return ignoreDetached(ctx.runtime.disconnectNetwork(op.network, op.name, { force: true }));
    case "connect-network":
      return connectNetwork(ctx, op);
    case "wait-dependency":
      return waitDependency(ctx, op);
  }
}

/** Runs `work` between a working and a done status (no events when `words` is undefined). */
async function step(ctx: OperationContext, op: Operation, words: readonly [string, string] | undefined, work: () => Promise<unknown>, resource?: Resource): Promise<void> {
  const row = resource ?? resourceOf(op);
  if (row && words) ctx.report.status(row, words[0]);
  await work();
  if (row && words) ctx.report.status(row, words[1], { done: true, ok: true });
}

async function ignore(work: Promise<unknown>, reason: "conflict" | "not-found"): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isRuntimeError(error, reason)) throw error;
  }
}

async function createNetwork(ctx: OperationContext, op: Op<"create-network">): Promise<void> {
  const { foreign } = await ensureNetwork(ctx.runtime, op.options);
  const project = op.options.labels?.[LABELS.project];
  if (foreign && project !== undefined) {
    ctx.report.warn(`a network with name ${op.options.name} exists but was not created for project "${project}"; set \`external: true\` to use an existing network`);
  }
}

async function createVolume(ctx: OperationContext, op: Op<"create-volume">): Promise<void> {
  // The engine answers a taken name with the existing volume: another `up`'s, or a foreign one.
  const volume = await ctx.runtime.createVolume(op.options);
  const project = op.options.labels?.[LABELS.project];
  if (project !== undefined && volume.labels[LABELS.project] !== project) {
    ctx.report.warn(`volume "${volume.name}" already exists but was not created by tscompose or Docker Compose; use \`external: true\` to use an existing volume`);
  }
}

async function createContainer(ctx: OperationContext, op: Op<"create-container">): Promise<void> {
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

/** A disconnect that finds the container or the network gone, or the container not attached, is done. */
async function ignoreDetached(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (isRuntimeError(error, "not-found") || /is not connected/i.test((error as Error).message)) return;
    throw error;
  }
}

/** Connects a container; one already attached (another `up` did it) is done. */
async function connectNetwork(ctx: OperationContext, op: Op<"connect-network">): Promise<void> {
  try {
    await ctx.runtime.connectNetwork(op.network, op.name, op.endpoint);
  } catch (error) {
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
}

async function renameContainer(ctx: OperationContext, op: Op<"rename-container">): Promise<void> {
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
async function removeContainer(runtime: Runtime, ref: string, options: { volumes?: boolean; force?: boolean }): Promise<void> {
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

async function exists(runtime: Runtime, ref: string): Promise<boolean> {
  try {
    await runtime.inspectContainer(ref);
    return true;
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return false;
    throw error;
  }
}

/**
 * Removes a network or volume. One that is already gone counts as removed; one still in use
 * by containers that are not ours is left with a warning, as Compose does (docker/compose#10555).
 */
async function removeShared(
  ctx: OperationContext,
  op: Op<"remove-network"> | Op<"remove-volume">,
  remove: () => Promise<void>,
  users: () => Promise<string>,
): Promise<void> {
  const row = resourceOf(op) as Resource;
  ctx.report.status(row, "Removing");
  try {
    await remove();
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return ctx.report.status(row, "Removed", { done: true, ok: true });
    if (!isRuntimeError(error, "conflict")) throw error;
    const who = await users().catch(() => "");
    ctx.report.status(row, "Warning", { done: true, detail: "Resource is still in use" });
    ctx.report.warn(`${row.kind} ${row.name} was not removed: it is still in use${who ? ` by ${who}` : ""}`);
    return;
  }
  ctx.report.status(row, "Removed", { done: true, ok: true });
}

async function networkUsers(runtime: Runtime, network: string): Promise<string> {
  const details = await runtime.inspectNetwork(network);
  return Object.values(details.containers)
    .map((c) => c.name)
    .sort()
    .join(", ");
}

/**
 * Waits until every container of the dependency meets the condition (`service_started` is
 * ordering only, as in Compose: the plan's edges already did it). A failure of an optional
 * dependency (`required: false`) only warns.
 */
async function waitDependency(ctx: OperationContext, op: Op<"wait-dependency">): Promise<void> {
  if (op.condition === "service_started") return;
  const condition = op.condition === "service_healthy" ? "healthy" : "completed_successfully";
  const row = (name: string): Resource => ({ kind: "container", name, service: op.dependency });
  let waitingAt = Date.now();
  try {
    const observations = await ctx.readiness.waitForService(op.dependency, condition, {
      ...(ctx.dependencyTimeoutMs !== undefined ? { timeoutMs: ctx.dependencyTimeoutMs } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onWaiting: (containers) => {
        waitingAt = Date.now();
        for (const c of containers) ctx.report.status(row(c.name), "Waiting");
      },
      onMet: (o) => ctx.report.status(row(o.container), condition === "healthy" ? "Healthy" : "Exited", { done: true, ok: true, time: Math.max(o.observedAt, waitingAt) }),
    });
    ctx.observations.set(op.id, observations);
  } catch (error) {
    if (error instanceof InterruptedError || !(error instanceof ReadinessError)) throw error;
    dependencyFailed(ctx, op, error, row);
  }
}

function dependencyFailed(ctx: OperationContext, op: Op<"wait-dependency">, error: ReadinessError, row: (name: string) => Resource): void {
  const missing = error.code === "E_NO_CONTAINER";
  if (!op.required) {
    const text = missing ? `${op.service} is missing dependency ${op.dependency}` : `optional dependency "${op.dependency}" failed to start: ${error.message}`;
    if (!missing) ctx.report.status(row(error.container), "Skipped", { done: true, detail: text });
    ctx.report.warn(text);
    return;
  }
  if (missing) {
    throw new OperationError("E_DEPENDENCY_MISSING", op, `service "${op.service}" is missing dependency "${op.dependency}"`, {
      hint: `Start "${op.dependency}" too (drop --no-deps), or mark the dependency \`required: false\`.`,
      cause: error,
    });
  }
  ctx.report.status(row(error.container), "Error", { done: true, ok: false, detail: error.message });
  const prefix = op.condition === "service_healthy" ? "dependency failed to start: " : "";
  throw new OperationError(error.code, op, `service "${op.service}": ${prefix}${error.message}`, {
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
    cause: error,
  });
}
