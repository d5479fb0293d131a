import type { EventSink, ResourceKind } from "../runtime/engine-events.js";
import { boundedAll } from "../execute/bounded-all.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { Config, ConfigReference, ConfigSpec, Network, Secret, SecretReference, SecretSpec, Service, ServiceSpec } from "./api-types.js";
import type { SwarmClient } from "./client.js";
import { assertManager } from "./manager.js";
import { STACK_LABELS } from "./stack-labels.js";
import type { StackObject, SwarmStack } from "./stack-types.js";

// Service creates and updates in flight at once.
const SERVICE_WRITES = 8;

/** How `deployStack` treats what the file no longer declares. */
export interface DeployOptions {
  /** Remove the stack's services the file no longer declares (`--prune`, `--remove-orphans`). */
  readonly prune?: boolean;
}

/** What a deploy did to each of the stack's services, by service name (`<stack>_<key>`). */
export interface DeployOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** When the deploy started to change things (tasks older than this are not the deploy's). */
  readonly startedAt: number;
}

/**
 * Converges the Swarm to `stack`, as `docker stack deploy` does but without touching what has not
 * changed: networks, secrets and configs are created when missing (a changed secret or config has a
 * new content-hashed name, so it is a new object and the services using it roll over to it);
 * services are created, updated (only when their spec hash label differs) or left alone; orphan
 * services are removed with `prune`, else reported. Secrets and configs of the stack that no
 * service uses any more are removed last. Only objects carrying the stack's namespace label are
 * changed; external objects must exist and are never changed. The stack must have no errors.
 */
export async function deployStack(client: SwarmClient, stack: SwarmStack, sink: EventSink, options: DeployOptions = {}): Promise<DeployOutcome> {
  if (stack.errors.length > 0) throw new Error("deployStack: the stack has errors; report them before deploying");
  await assertManager(client);
  const startedAt = Date.now();
  // What the Swarm has, read once and at once: an unchanged redeploy makes no other call.
  const [networks, secrets, configs, services] = await Promise.all([client.networks(), client.secrets(), client.configs(), client.services(stack.stack)]);
  await ensureNetworks(client, stack, networks, sink);
  const secretIds = await ensureObjects(objectApi(client, "secret"), stack.stack, stack.secrets, secrets, sink);
  const configIds = await ensureObjects(objectApi(client, "config"), stack.stack, stack.configs, configs, sink);
  const existing = new Map(services.map((s) => [s.Spec.Name, s]));
  const outcome = { created: [] as string[], updated: [] as string[], unchanged: [] as string[], removed: [] as string[] };
  // Every ownership check first, so a conflict changes nothing; then the writes go out together
  // (Swarm takes them in parallel), at most SERVICE_WRITES at once.
  for (const desired of stack.services) {
    const current = existing.get(desired.Name);
    if (current) assertOwned(current, stack.stack);
  }
  await boundedAll(stack.services, SERVICE_WRITES, undefined, async (desired) => {
    const spec = withObjectIds(desired, secretIds, configIds);
    const current = existing.get(spec.Name);
    if (current && current.Spec.Labels[STACK_LABELS.specHash] === spec.Labels[STACK_LABELS.specHash]) {
      outcome.unchanged.push(spec.Name);
      emit(sink, "service", spec.Name, "Running", true, "unchanged");
    } else if (current) {
      emit(sink, "service", spec.Name, "Updating", false);
      await client.updateService(current.ID, current.Version.Index, keepForceUpdate(spec, current));
      outcome.updated.push(spec.Name);
      emit(sink, "service", spec.Name, "Updated", true);
    } else {
      emit(sink, "service", spec.Name, "Creating", false);
      await client.createService(spec);
      outcome.created.push(spec.Name);
      emit(sink, "service", spec.Name, "Created", true);
    }
  });
  for (const list of [outcome.created, outcome.updated, outcome.unchanged]) list.sort();
  outcome.removed.push(...(await handleOrphans(client, stack, [...existing.values()], sink, options)));
  await removeUnused(objectApi(client, "secret"), stack.stack, secrets, new Set(secretIds.keys()), sink);
  await removeUnused(objectApi(client, "config"), stack.stack, configs, new Set(configIds.keys()), sink);
  return { ...outcome, startedAt };
}

/** Creates the stack's missing networks; an external network must exist. */
async function ensureNetworks(client: SwarmClient, stack: SwarmStack, existing: readonly Network[], sink: EventSink): Promise<void> {
  const byName = new Map(existing.map((n) => [n.Name, n]));
  for (const network of stack.networks) {
    const found = byName.get(network.name);
    if (network.external || !network.spec) {
      if (!found) throw missingExternal("network", network.name, network.key);
      continue;
    }
    if (found) {
      if (found.Labels?.[STACK_LABELS.namespace] !== stack.stack) throw notOurs("network", network.name, stack.stack);
      if (found.Scope !== "swarm") throw new RuntimeError("conflict", `network ${network.name} exists with scope "${found.Scope ?? "local"}", but a stack's services need a swarm-scoped network`, { hint: `Remove it (docker network rm ${network.name}) and deploy again.` });
      continue;
    }
    emit(sink, "network", network.name, "Creating", false);
    await client.createNetwork(network.spec);
    emit(sink, "network", network.name, "Created", true);
  }
}

type ObjectKind = "secret" | "config";

/** The writes a deploy makes to secrets or configs, the same for both. */
interface ObjectApi {
  readonly kind: ObjectKind;
  create(spec: SecretSpec | ConfigSpec): Promise<string>;
  remove(id: string): Promise<void>;
}

function objectApi(client: SwarmClient, kind: ObjectKind): ObjectApi {
  return kind === "secret"
    ? { kind, create: (spec) => client.createSecret(spec), remove: (id) => client.removeSecret(id) }
    : { kind, create: (spec) => client.createConfig(spec), remove: (id) => client.removeConfig(id) };
}

/** Creates the stack's missing secrets or configs (`existing`: every one on the Swarm); returns each one's id by name. */
async function ensureObjects(api: ObjectApi, stackName: string, wanted: readonly StackObject<SecretSpec | ConfigSpec>[], existing: readonly (Secret | Config)[], sink: EventSink): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const byName = new Map(existing.map((o) => [o.Spec.Name, o]));
  for (const object of wanted) {
    const found = byName.get(object.name);
    if (found) {
      if (!object.external && found.Spec.Labels?.[STACK_LABELS.namespace] !== stackName) throw notOurs(api.kind, object.name, stackName);
      ids.set(object.name, found.ID);
      continue;
    }
    if (object.external || !object.spec) throw missingExternal(api.kind, object.name, object.key);
    emit(sink, api.kind, object.name, "Creating", false);
    ids.set(object.name, await api.create(object.spec));
    emit(sink, api.kind, object.name, "Created", true);
  }
  return ids;
}

/** The spec with each secret and config reference given the id of the object it names. */
function withObjectIds(spec: ServiceSpec, secrets: ReadonlyMap<string, string>, configs: ReadonlyMap<string, string>): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container || (!container.Secrets?.length && !container.Configs?.length)) return spec;
  const secretRefs = container.Secrets?.map((s): SecretReference => ({ ...s, SecretID: secrets.get(s.SecretName) ?? s.SecretID }));
  const configRefs = container.Configs?.map((c): ConfigReference => ({ ...c, ConfigID: configs.get(c.ConfigName) ?? c.ConfigID }));
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, ...(secretRefs ? { Secrets: secretRefs } : {}), ...(configRefs ? { Configs: configRefs } : {}) },
    },
  };
}

/** docker stack keeps a service's ForceUpdate counter across deploys, so a deploy never forces a restart by itself. */
function keepForceUpdate(spec: ServiceSpec, current: Service): ServiceSpec {
  const force = current.Spec.TaskTemplate.ForceUpdate;
  return force === undefined ? spec : { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: force } };
}

/** Removes (with `prune`) or reports the stack's services the file no longer declares. */
async function handleOrphans(client: SwarmClient, stack: SwarmStack, existing: readonly Service[], sink: EventSink, options: DeployOptions): Promise<string[]> {
  const declared = new Set(stack.services.map((s) => s.Name));
  const orphans = existing.filter((s) => !declared.has(s.Spec.Name)).sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name));
  const names = orphans.map((s) => s.Spec.Name);
  if (orphans.length === 0) return [];
  if (!options.prune) {
    sink.emit({ type: "message", level: "warning", text: `Found orphan services (${names.join(", ")}) of stack ${stack.stack}: the compose file no longer declares them. Deploy with --prune to remove them.`, time: Date.now() });
    return [];
  }
  for (const orphan of orphans) {
    emit(sink, "service", orphan.Spec.Name, "Removing", false);
    await client.removeService(orphan.ID);
    emit(sink, "service", orphan.Spec.Name, "Removed", true);
  }
  return names;
}

/**
 * Removes the stack's secrets or configs that no service uses any more: the versions a content
 * change replaced. One still in use (a service outside this deploy refers to it) is kept.
 */
async function removeUnused(api: ObjectApi, stackName: string, existing: readonly (Secret | Config)[], used: ReadonlySet<string>, sink: EventSink): Promise<void> {
  for (const object of existing) {
    // Every secret or config on the Swarm is here; the engine sends no labels for one without any.
    if (object.Spec.Labels?.[STACK_LABELS.namespace] !== stackName || used.has(object.Spec.Name)) continue;
    try {
      await api.remove(object.ID);
      emit(sink, api.kind, object.Spec.Name, "Removed", true);
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
    }
  }
}

function assertOwned(service: Service, stackName: string): void {
  if (service.Spec.Labels[STACK_LABELS.namespace] !== stackName) throw notOurs("service", service.Spec.Name, stackName);
}

function notOurs(kind: string, name: string, stackName: string): RuntimeError {
  return new RuntimeError("conflict", `${kind} ${name} exists but does not belong to stack ${stackName} (no ${STACK_LABELS.namespace}=${stackName} label), so it is left alone`, {
    hint: `Rename the stack (-p NAME), or remove that ${kind} yourself if it is a leftover.`,
  });
}

function missingExternal(kind: string, name: string, key: string): RuntimeError {
  return new RuntimeError("not-found", `${kind} ${name} is declared as external (${kind}s.${key}), but could not be found on the Swarm`, {
    hint: `Create it first (docker ${kind} create ${name} …), or remove "external: true" to let the stack create it.`,
  });
}

function emit(sink: EventSink, kind: ResourceKind, name: string, status: string, done: boolean, detail?: string): void {
  sink.emit({ type: "resource", kind, name, status, done, ...(detail ? { detail } : {}), time: Date.now() });
}
