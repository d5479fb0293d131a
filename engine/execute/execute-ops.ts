import { createContainer, removeContainer, renameContainer } from "./execute-containers.js";
import type { Op, OperationContext } from "./execute-context.js";
import { resourceOf, type Resource } from "./execute-events.js";
import { waitDependency } from "./execute-wait.js";
import type { Operation } from "../plan/operations.js";
import { ensureNetwork } from "./execute-adopt.js";
import { LABELS } from "../runtime/labels.js";
import type { Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

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
