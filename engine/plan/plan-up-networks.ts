import { LABELS } from "../runtime/labels.js";
import type { Observed, ObservedContainer } from "./observe.js";
import type { PlanBuilder } from "./plan-builder.js";
import type { CreateNetworkOptions, EndpointSpec, NetworkDetails } from "../runtime/runtime.js";

/** A network the plan removes and creates again, and a container detached from it. */
interface Detachment {
  readonly network: string;
  /** The op that creates the network again. */
  readonly create: string;
  /** The op that disconnects the container from the old network. */
  readonly disconnect: string;
}

/** What the planner needs of a network it may recreate. */
export interface RecreatableNetwork {
  readonly key: string;
  readonly name: string;
  /** The hash label the network is created with (Compose's network hash). */
  readonly configHash: string | undefined;
}

/**
 * True when Compose 2.40 would recreate the network found: it is this project's network `key`
 * and its config hash label differs from the project's. A network without the label (made by an
 * older tool), another project's, or an unlabelled one is used as found.
 */
export function networkDiverged(found: NetworkDetails, net: RecreatableNetwork, project: string): boolean {
  const hash = found.labels[LABELS.configHash];
  if (found.labels[LABELS.project] !== project || found.labels[LABELS.network] !== net.key) return false;
  return hash !== undefined && hash !== "" && net.configHash !== undefined && hash !== net.configHash;
}

/**
 * The recreation of networks whose config changed, as Docker Compose 2.40 does it (measured:
 * `Stopping`/`Stopped`, `Network … Removed`, `Creating`/`Created`, `Starting`/`Started`, container
 * ids kept): the project's containers attached to the network are stopped and disconnected, the
 * network is removed and created again, and each container is connected to the new one and started
 * again. Unlike Compose, the connect carries the container's endpoint (its DNS aliases, fixed
 * addresses), which Compose 2.40.3 drops, and containers of services outside this `up` (which make
 * Compose fail on "active endpoints") are detached and reattached too. One-offs and foreign
 * containers are left attached: the removal then fails as "in use", a warning says so, the old
 * network is kept (adopted by the create) and the containers are reattached to it.
 */
export class NetworkRecreation {
  private readonly detached = new Map<string, Detachment[]>();
  private readonly stops = new Map<string, string>();
  private readonly containers = new Map<string, ObservedContainer>();
  private readonly handled = new Set<string>();

  constructor(private readonly b: PlanBuilder) {}

  /** Plans the removal and creation of `net` (found diverged); returns the create op's id. */
  recreate(observed: Observed, net: RecreatableNetwork & { readonly options: CreateNetworkOptions }): string {
    const cause = `network ${net.name} recreated`;
    const disconnects: string[] = [];
    const attached = observed.containers.filter((x) => !x.oneoff && x.networks.includes(net.name)).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const c of attached) {
      this.containers.set(c.name, c);
      const stop = this.stopOnce(c, cause);
      const disconnect = this.b.add({ kind: "disconnect-network", id: `network:${net.name}:disconnect:${c.name}`, cause, service: c.service, name: c.name, network: net.name, after: stop ? [stop] : [] });
      disconnects.push(disconnect);
      this.detached.set(c.name, [...(this.detached.get(c.name) ?? []), { network: net.name, create: `network:${net.name}:create`, disconnect }]);
    }
    const remove = this.b.add({ kind: "remove-network", id: `network:${net.name}:remove`, cause: "config changed", key: net.key, name: net.name, after: disconnects });
    return this.b.add({ kind: "create-network", id: `network:${net.name}:create`, cause: "config changed", key: net.key, options: net.options, after: [remove] });
  }

  private stopOnce(c: ObservedContainer, cause: string): string | undefined {
    if (c.status !== "running" && c.status !== "paused" && c.status !== "restarting") return undefined;
    const existing = this.stops.get(c.name);
    if (existing) return existing;
    const id = this.b.add({ kind: "stop-container", id: `container:${c.name}:stop-for-network`, cause, service: c.service, name: c.name });
    this.stops.set(c.name, id);
    return id;
  }

  /** True when the plan stopped this container to recreate a network. */
  stopped(name: string): boolean {
    return this.stops.has(name);
  }

  /** The cause to show for restarting `name`, when a network recreation stopped or detached it. */
  causeFor(name: string): string | undefined {
    const d = this.detached.get(name);
    return d ? `network ${d.map((x) => x.network).join(", ")} recreated` : undefined;
  }

  /**
   * Reconnects a kept container to every network recreated under it, with `endpointOf` giving
   * its endpoint on a network; returns the connect op ids (a start must follow them).
   */
  reattach(name: string, endpointOf: (network: string) => Omit<EndpointSpec, "network">): string[] {
    this.handled.add(name);
    const c = this.containers.get(name);
    const cause = this.causeFor(name) ?? "";
    return (this.detached.get(name) ?? []).map((d) =>
      this.b.add({ kind: "connect-network", id: `network:${d.network}:connect:${name}`, cause, service: c?.service ?? "", name, network: d.network, endpoint: endpointOf(d.network), after: [d.create, d.disconnect] }),
    );
  }

  /** Marks a container the plan removes or replaces: nothing to reattach. */
  drop(name: string): void {
    this.handled.add(name);
  }

  /**
   * Reattaches the detached containers no service plan took care of (services outside this `up`,
   * orphans kept), and starts those it stopped.
   */
  finish(endpointOf: (c: ObservedContainer, network: string) => Omit<EndpointSpec, "network">): void {
    for (const [name, c] of this.containers) {
      if (this.handled.has(name)) continue;
      const connects = this.reattach(name, (network) => endpointOf(c, network));
      const stop = this.stops.get(name);
      if (stop) this.b.add({ kind: "start-container", id: `container:${name}:start`, cause: this.causeFor(name) ?? "", service: c.service, name, after: connects });
    }
  }
}
