import { ProjectError } from "../../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { EventSink } from "../../../engine/runtime/engine-events.js";
import type { SwarmClient } from "../../../engine/swarm/client.js";
import { DryRunSwarmClient } from "../../../engine/swarm/dry-run.js";
import { stackWarnings, throwStackErrors } from "../../../engine/swarm/stack-diagnostics.js";
import type { SwarmStack } from "../../../engine/swarm/stack-types.js";
import type { CliContext } from "../../context.js";
import { connectSwarmClient } from "../../engine-connect.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings, type EngineSession } from "../../session.js";
import { formatRows, parseRowFormat, type RowFormat, type RowSchema } from "../../render/format-rows.js";
import { COMPOSE_TABLE, formatTable } from "../shared/output-table.js";
import type { StackDeployFlags, StackListFlags } from "./stack.js";

/** The project loaded for a stack verb, with `-c FILE` standing for the global `-f`. */
export async function loadStackProject(ctx: CliContext, composeFiles?: readonly string[]): Promise<LoadedProject> {
  const withFiles = composeFiles?.length ? { ...ctx, global: { ...ctx.global, file: [...(ctx.global.file ?? []), ...composeFiles] } } : ctx;
  return loadProject(await loadOptions(withFiles));
}

/**
 * The stack a verb acts on: the name given, else `-p`/`COMPOSE_PROJECT_NAME`, else the project's
 * own name (its `name:` or directory), as every other verb names its project.
 */
export async function stackNameOf(ctx: CliContext, given: string | undefined): Promise<string> {
  const name = given ?? ctx.global.projectName ?? ctx.env["COMPOSE_PROJECT_NAME"];
  if (name) return name;
  try {
    return (await loadStackProject(ctx)).project.name;
  } catch (error) {
    if (error instanceof ProjectError && error.code === "E_NO_COMPOSE_FILE") {
      throw new ProjectError("E_NO_PROJECT", "no stack name given and no compose file found", { hint: "Name the stack: `tscompose stack ps NAME`, or -p NAME." });
    }
    throw error;
  }
}

/** Prints the conversion's warnings; its errors end the run (exit 2) before the engine is contacted. */
function reportProblems(ctx: CliContext, loaded: LoadedProject, stack: SwarmStack): void {
  printWarnings(ctx, stackWarnings(stack, loaded.locate));
  throwStackErrors(stack, loaded.locate, "Change the file for Swarm, or deploy it to one engine with `tscompose up`.");
}

/** Runs `stack deploy`: convert, report, converge the Swarm, and with `--wait` wait for it. */
export async function runStackDeploy(ctx: CliContext, given: string | undefined, flags: StackDeployFlags): Promise<void> {
  const loaded = await loadStackProject(ctx, flags.composeFile);
  printWarnings(ctx, loaded.warnings);
  const name = given ?? loaded.project.name;
  const { toSwarmStack } = await import("../../../engine/swarm/convert.js");
  const { nodeStackSources } = await import("../../../engine/swarm/stack-files.js");
  const stack = toSwarmStack(loaded.project, name, nodeStackSources(loaded.lookup));
  reportProblems(ctx, loaded, stack);
  const quietCtx = flags.quiet ? { ...ctx, global: { ...ctx.global, progress: "quiet" } } : ctx;
  const session = await openSession(quietCtx, `Deploying stack ${name}`);
  try {
    const { client, sink } = await writingClient(ctx, session);
    const { deployStack } = await import("../../../engine/swarm/deploy.js");
    const outcome = await deployStack(client, stack, sink, { prune: flags.prune === true || flags.removeOrphans === true });
    await waitIfAsked(client, name, stack.services.map((s) => s.Name), session, flags, outcome.startedAt);
  } finally {
    await session.close();
  }
}

/** What a `--format` Go template sees in each row of `stack ls`, `stack services` and `stack ps`: the fields of their `--format json` objects. */
const STACK_ROWS: RowSchema = { verb: "stack ls", typeName: "stack", fields: ["Name", "Services"], headers: { Name: "NAME", Services: "SERVICES" } };
const SERVICE_ROWS: RowSchema = {
  verb: "stack services",
  typeName: "service",
  fields: ["ID", "Name", "Mode", "Replicas", "Image", "Ports"],
  headers: { ID: "ID", Name: "NAME", Mode: "MODE", Replicas: "REPLICAS", Image: "IMAGE", Ports: "PORTS" },
};
const TASK_ROWS: RowSchema = {
  verb: "stack ps",
  typeName: "task",
  fields: ["ID", "Name", "Image", "Node", "DesiredState", "CurrentState", "Since", "Error", "Ports"],
  headers: { ID: "ID", Name: "NAME", Image: "IMAGE", Node: "NODE", DesiredState: "DESIRED STATE", CurrentState: "CURRENT STATE", Error: "ERROR", Ports: "PORTS" },
};

/** `--format`: `table`, `json` or a template, checked before the engine is contacted (a bad template is bad usage). */
function rowFormat(flags: StackListFlags, schema: RowSchema): RowFormat {
  return parseRowFormat(flags.format ?? "table", schema);
}

/** Runs `stack ls`. */
export async function runStackLs(ctx: CliContext, flags: StackListFlags): Promise<void> {
  const format = rowFormat(flags, STACK_ROWS);
  const client = await connectSwarmClient(ctx);
  const { listStacks } = await import("../../../engine/swarm/stack-views.js");
  const stacks = await listStacks(client);
  ctx.stdout.write(
    formatRows(format, stacks, {
      json: () => jsonLines(stacks),
      table: () => formatTable([["NAME", "SERVICES"], ...stacks.map((s) => [s.Name, String(s.Services)])], COMPOSE_TABLE),
    }),
  );
}

/** Runs `stack services`. */
export async function runStackServices(ctx: CliContext, given: string | undefined, flags: StackListFlags): Promise<void> {
  const format = rowFormat(flags, SERVICE_ROWS);
  const name = await stackNameOf(ctx, given);
  const client = await connectSwarmClient(ctx);
  const { stackServices } = await import("../../../engine/swarm/stack-views.js");
  const rows = await stackServices(client, name);
  if (flags.quiet) return void ctx.stdout.write(rows.map((r) => `${r.ID}\n`).join(""));
  ctx.stdout.write(
    formatRows(format, rows, {
      json: () => jsonLines(rows),
      table: () => formatTable([["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"], ...rows.map((r) => [r.ID.slice(0, 12), r.Name, r.Mode, r.Replicas, r.Image, r.Ports])], COMPOSE_TABLE),
    }),
  );
}

/** Runs `stack ps`. */
export async function runStackPs(ctx: CliContext, given: string | undefined, flags: StackListFlags): Promise<void> {
  const format = rowFormat(flags, TASK_ROWS);
  const name = await stackNameOf(ctx, given);
  const client = await connectSwarmClient(ctx);
  const { stackTasks } = await import("../../../engine/swarm/stack-views.js");
  const rows = await stackTasks(client, name);
  if (flags.quiet) return void ctx.stdout.write(rows.map((r) => `${r.ID}\n`).join(""));
  const id = (v: string) => (flags.noTrunc ? v : v.slice(0, 12));
  const error = (v: string) => (flags.noTrunc || v.length <= 30 ? v : `"${v.slice(0, 29)}…"`);
  ctx.stdout.write(
    formatRows(format, rows, {
      json: () => jsonLines(rows),
      table: () =>
        formatTable(
          [["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR"], ...rows.map((r) => [id(r.ID), r.Name, r.Image, r.Node, r.DesiredState, `${r.CurrentState}${ago(r.Since)}`, error(r.Error)])],
          COMPOSE_TABLE,
        ),
    }),
  );
}

/** Runs `stack rm`: each named stack (default: the project's). */
export async function runStackRm(ctx: CliContext, given: readonly string[]): Promise<void> {
  const names = given.length > 0 ? [...given] : [await stackNameOf(ctx, undefined)];
  const session = await openSession(ctx, `Removing stack ${names.join(", ")}`);
  try {
    const { client, sink } = await writingClient(ctx, session);
    const { removeStack } = await import("../../../engine/swarm/remove.js");
    for (const name of names) {
      const removed = await removeStack(client, name, sink, ctx.global.dryRun ? { timeoutMs: 0 } : {});
      if (!removed) session.sink.emit({ type: "message", level: "warning", text: `Nothing found in stack: ${name}`, time: Date.now() });
    }
  } finally {
    await session.close();
  }
}

/** Runs `stack scale SERVICE=N…`: each service's replicas, then optionally waits. */
export async function runStackScale(ctx: CliContext, scales: readonly string[], flags: StackDeployFlags): Promise<void> {
  const wanted = scales.map(parseScale);
  const name = await stackNameOf(ctx, undefined);
  const session = await openSession(ctx, `Scaling stack ${name}`);
  try {
    const { client, sink } = await writingClient(ctx, session);
    const { scaleServices } = await import("../../../engine/swarm/scale.js");
    const startedAt = Date.now();
    const scaled = await scaleServices(client, name, wanted, sink);
    await waitIfAsked(client, name, scaled, session, flags, startedAt);
  } finally {
    await session.close();
  }
}

/**
 * The client a changing verb uses, and where its progress goes. With `--dry-run` the client reads
 * the Swarm but only reports each change (`DRY-RUN create service …`), and rows that would claim a
 * change was made are left out.
 */
async function writingClient(ctx: CliContext, session: EngineSession): Promise<{ client: SwarmClient; sink: EventSink }> {
  const client = await connectSwarmClient(ctx);
  if (!ctx.global.dryRun) return { client, sink: session.sink };
  const sink: EventSink = { emit: (e) => (e.type === "message" || e.detail === "unchanged" ? session.sink.emit(e) : undefined) };
  return { client: new DryRunSwarmClient(client.engine, session.sink), sink };
}

/** With `--wait`, waits until `services` converge, judging only tasks created since `since`. */
async function waitIfAsked(client: SwarmClient, stack: string, services: readonly string[], session: EngineSession, flags: StackDeployFlags, since: number): Promise<void> {
  if (!flags.wait || client instanceof DryRunSwarmClient) return;
  const { waitForStack } = await import("../../../engine/swarm/converge.js");
  await waitForStack(client, stack, services, session.sink, { since, signal: session.signal, ...(flags.waitTimeout !== undefined ? { timeoutMs: flags.waitTimeout * 1000 } : {}) });
}

function parseScale(arg: string): { service: string; replicas: number } {
  const m = /^([^=]+)=(\d+)$/.exec(arg);
  if (!m) throw new ProjectError("E_USAGE", `invalid scale "${arg}"`, { hint: "Write SERVICE=REPLICAS, e.g. web=3." });
  return { service: m[1] ?? "", replicas: Number(m[2]) };
}

/** One JSON object per line, as `docker stack … --format json` prints them. */
function jsonLines(rows: readonly object[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/** ` 5 seconds ago` after a state, as docker stack ps prints it. */
function ago(since: string): string {
  const t = Date.parse(since);
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  if (s < 60) return ` ${s} second${s === 1 ? "" : "s"} ago`;
  const m = Math.round(s / 60);
  if (m < 60) return ` ${m} minute${m === 1 ? "" : "s"} ago`;
  const h = Math.round(m / 60);
  return ` ${h} hour${h === 1 ? "" : "s"} ago`;
}
