import type { EngineClient, EngineRequest } from "../docker/client.js";
import { seg } from "../docker/containers.js";
import type { Config, ConfigSpec, Network, NetworkCreate, Node, SecretSpec, Secret, Service, ServiceSpec, SwarmInfo, Task, TaskState } from "./api-types.js";
import { serviceLogs, type ServiceLogLine, type ServiceLogsOptions } from "./service-logs.js";
import { notManager } from "./swarm-errors.js";
import { STACK_LABELS } from "./stack-labels.js";

/** The engine's list filters, e.g. `{ label: ["com.docker.stack.namespace=web"], service: ["web_api"] }`. */
export type Filters = Readonly<Record<string, readonly string[] | undefined>>;

/** Which tasks to list. */
export interface TaskFilter {
  /** Service names or IDs. */
  readonly services?: readonly string[];
  /** A stack: its namespace label. */
  readonly stack?: string;
  readonly desiredState?: TaskState;
  readonly nodes?: readonly string[];
}

/** Options of a service create or update. */
export interface ServiceWriteOptions {
  /** base64url JSON of registry credentials (the `X-Registry-Auth` header), for private images. */
  readonly registryAuth?: string;
}

/**
 * The Swarm half of the Engine API over an EngineClient: swarm state, nodes, services, tasks,
 * secrets, configs, networks and service logs, in the API's own shapes (api-types.ts). Failures are
 * RuntimeErrors; an engine that is not a swarm manager (HTTP 503) gets one that says how to make
 * it one or where to point instead.
 */
export class SwarmClient {
  constructor(readonly engine: EngineClient) {}

  /** The Swarm part of `GET /info` (works on any engine, in a swarm or not). */
  async swarmInfo(): Promise<SwarmInfo> {
    const info = await this.call<{ Swarm?: SwarmInfo }>({ method: "GET", path: "/info", context: "asking the engine about its swarm" });
    return info?.Swarm ?? { LocalNodeState: "inactive" };
  }

  /** The cluster's nodes (a manager only). */
  nodes(filters: Filters = {}): Promise<Node[]> {
    return this.list<Node>("/nodes", filters, "listing the swarm's nodes");
  }

  /** The cluster's node hostnames by node ID (a node without one is named by its ID), for what tasks show. */
  async nodeHostnames(): Promise<Map<string, string>> {
    return new Map((await this.nodes()).map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  }

  /** Services, of one stack when `stack` is given; with `status`, each carries its running/desired task counts. */
  services(stack?: string, options: { readonly status?: boolean } = {}): Promise<Service[]> {
    return this.list<Service>("/services", stackFilters(stack), "listing services", options.status ? { status: true } : {});
  }

  /** One service by ID or name. */
  inspectService(ref: string): Promise<Service> {
    return this.call<Service>({ method: "GET", path: `/services/${seg(ref)}`, context: `inspecting service ${ref}` });
  }

  /** Creates a service; resolves with its ID and the engine's warnings (e.g. an image it could not pin to a digest). */
  async createService(spec: ServiceSpec, options: ServiceWriteOptions = {}): Promise<{ id: string; warnings: string[] }> {
    const res = await this.call<{ ID: string; Warnings?: string[] | null }>({
      method: "POST",
      path: "/services/create",
      body: spec,
      ...auth(options),
      context: `creating service ${spec.Name}`,
    });
    return { id: res.ID, warnings: res.Warnings ?? [] };
  }

  /**
   * Replaces a service's spec. `version` is the `Version.Index` the service had when read: the
   * engine refuses the write (a conflict) when someone changed it since.
   */
  async updateService(id: string, version: number, spec: ServiceSpec, options: ServiceWriteOptions = {}): Promise<{ warnings: string[] }> {
    const res = await this.call<{ Warnings?: string[] | null } | undefined>({
      method: "POST",
      path: `/services/${seg(id)}/update`,
      query: { version },
      body: spec,
      ...auth(options),
      context: `updating service ${spec.Name}`,
    });
    return { warnings: res?.Warnings ?? [] };
  }

  /** Removes a service (its tasks are then shut down by the swarm). */
  async removeService(ref: string): Promise<void> {
    await this.call({ method: "DELETE", path: `/services/${seg(ref)}`, context: `removing service ${ref}` });
  }

  /** Tasks by service, stack, desired state and node. */
  tasks(filter: TaskFilter = {}): Promise<Task[]> {
    const filters: Filters = {
      ...stackFilters(filter.stack),
      service: filter.services,
      "desired-state": filter.desiredState ? [filter.desiredState] : undefined,
      node: filter.nodes,
    };
    return this.list<Task>("/tasks", filters, "listing tasks");
  }

  /** Secrets, of one stack when `stack` is given (never with their data). */
  secrets(stack?: string): Promise<Secret[]> {
    return this.list<Secret>("/secrets", stackFilters(stack), "listing secrets");
  }

  /** Creates a secret; resolves with its ID. */
  async createSecret(spec: SecretSpec): Promise<string> {
    const res = await this.call<{ ID: string }>({ method: "POST", path: "/secrets/create", body: spec, context: `creating secret ${spec.Name}` });
    return res.ID;
  }

  /** Removes a secret; the engine refuses (a failure naming the services) while a service uses it. */
  async removeSecret(ref: string): Promise<void> {
    await this.call({ method: "DELETE", path: `/secrets/${seg(ref)}`, context: `removing secret ${ref}` });
  }

  /** Configs, of one stack when `stack` is given. */
  configs(stack?: string): Promise<Config[]> {
    return this.list<Config>("/configs", stackFilters(stack), "listing configs");
  }

  /** Creates a config; resolves with its ID. */
  async createConfig(spec: ConfigSpec): Promise<string> {
    const res = await this.call<{ ID: string }>({ method: "POST", path: "/configs/create", body: spec, context: `creating config ${spec.Name}` });
    return res.ID;
  }

  /** Removes a config; refused while a service uses it. */
  async removeConfig(ref: string): Promise<void> {
    await this.call({ method: "DELETE", path: `/configs/${seg(ref)}`, context: `removing config ${ref}` });
  }

  /** Networks, of one stack when `stack` is given. */
  networks(stack?: string): Promise<Network[]> {
    return this.list<Network>("/networks", stackFilters(stack), "listing networks");
  }

  /** One network by ID or name (a not-found RuntimeError when there is none). */
  inspectNetwork(ref: string): Promise<Network> {
    return this.call<Network>({ method: "GET", path: `/networks/${seg(ref)}`, context: `inspecting network ${ref}` });
  }

  /** Creates a network; resolves with its ID. */
  async createNetwork(spec: NetworkCreate): Promise<string> {
    const res = await this.call<{ Id: string }>({ method: "POST", path: "/networks/create", body: spec, context: `creating network ${spec.Name}` });
    return res.Id;
  }

  /** Removes a network; refused while tasks are still attached to it. */
  async removeNetwork(ref: string): Promise<void> {
    await this.call({ method: "DELETE", path: `/networks/${seg(ref)}`, context: `removing network ${ref}` });
  }

  /** IDs of the containers on this node (the engine tscompose talks to) that carry the stack's label, stopped ones too. */
  async localContainers(stack: string): Promise<string[]> {
    const rows = await this.list<{ Id: string }>("/containers/json", stackFilters(stack), `listing stack ${stack}'s containers`, { all: true });
    return rows.map((r) => r.Id);
  }

  /** A service's log, all its tasks interleaved, each line naming its task and node (see service-logs.ts). */
  logs(ref: string, options: ServiceLogsOptions = {}): AsyncGenerator<ServiceLogLine> {
    return serviceLogs(this.engine, ref, options);
  }

  private list<T>(path: string, filters: Filters, context: string, query: EngineRequest["query"] = {}): Promise<T[]> {
    return this.call<T[] | undefined>({ method: "GET", path, query: { ...query, filters: filterQuery(filters) }, context }).then((rows) => rows ?? []);
  }

  private call<T = unknown>(req: EngineRequest): Promise<T> {
    return this.engine.json<T>(req).catch((error: unknown) => {
      throw notManager(error, this.engine.address) ?? error;
    });
  }
}

function stackFilters(stack: string | undefined): Filters {
  return stack === undefined ? {} : { label: [`${STACK_LABELS.namespace}=${stack}`] };
}

/** The `filters` query: entries without values left out (the engine reads `{}` as no filter). */
export function filterQuery(filters: Filters): string {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(filters)) if (values && values.length > 0) out[key] = [...values];
  return JSON.stringify(out);
}

function auth(options: ServiceWriteOptions): Pick<EngineRequest, "headers"> {
  return options.registryAuth ? { headers: { "X-Registry-Auth": options.registryAuth } } : {};
}
