/**
 * The shapes the network layer hands to the engine: how a container joins a network, how a port is
 * published, how a network is created, and an IPAM pool. They live here so `network/` needs nothing
 * from `engine/` (DESIGN.md: spec ← network ← engine); the Runtime port re-exports them.
 */

/** An IPAM pool. */
export interface IpamPool {
  readonly subnet?: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

/** How a container joins one network. */
export interface EndpointSpec {
  /** Network name or id. */
  readonly network: string;
  readonly aliases?: readonly string[];
  /** Legacy links, `container:alias`: the alias resolves to that container from this one only. */
  readonly links?: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly linkLocalIps?: readonly string[];
  readonly macAddress?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
  readonly gwPriority?: number;
  /**
   * The service lists this network with settings (a mapping, even an empty one) rather than by
   * name alone: Compose then sends an IPAMConfig, empty when there is no address, which the
   * engine shows as `{}` instead of null.
   */
  readonly configured?: true;
}

/** One published port: container `port/protocol` to a host address and port. */
export interface PortBindingSpec {
  readonly containerPort: number;
  readonly protocol?: "tcp" | "udp" | "sctp";
  /** Empty or omitted: every address. */
  readonly hostIp?: string;
  /** Empty or omitted: the engine picks an ephemeral port; may be a range `8000-8010`. */
  readonly hostPort?: string;
}

/** Options of `createNetwork`. */
export interface CreateNetworkOptions {
  readonly name: string;
  readonly driver?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly ipam?: {
    readonly driver?: string;
    readonly config?: readonly IpamPool[];
    readonly options?: Readonly<Record<string, string>>;
  };
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enableIpv6?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}
