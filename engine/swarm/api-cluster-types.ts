/**
 * The Engine API's cluster-level Swarm objects (nodes, secrets, configs, networks, the swarm part
 * of `/info`), as far as tscompose reads or writes them; api-types.ts re-exports them.
 */
import type { Driver, Labels, ObjectVersion } from "./api-types.js";

/** A cluster member. */
export interface Node {
  ID: string;
  Version?: ObjectVersion;
  Description?: { Hostname?: string; Platform?: { Architecture?: string; OS?: string } };
  Spec: { Role: "worker" | "manager"; Availability: "active" | "pause" | "drain"; Labels?: Labels; Name?: string };
  Status: { State: "unknown" | "down" | "ready" | "disconnected"; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

/** The body of `POST /secrets/create`; `Data` is base64. */
export interface SecretSpec {
  Name: string;
  Labels: Labels;
  Data: string;
  Driver?: Driver;
  Templating?: Driver;
}

/** The body of `POST /configs/create`; `Data` is base64. */
export interface ConfigSpec {
  Name: string;
  Labels: Labels;
  Data: string;
  Templating?: Driver;
}

/** A secret as the engine reports it (never with its data). */
export interface Secret {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: Omit<SecretSpec, "Data"> & { Data?: string };
}

/** A config as the engine reports it. */
export interface Config {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ConfigSpec;
}

/** The body of `POST /networks/create` for a stack's network. */
export interface NetworkCreate {
  Name: string;
  Driver: string;
  Scope?: "swarm" | "local";
  Attachable: boolean;
  Internal?: boolean;
  EnableIPv6?: boolean;
  Options?: Record<string, string>;
  IPAM?: {
    Driver?: string;
    Config?: { Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }[];
  };
  Labels: Labels;
}

/** A network as `GET /networks` reports it (the parts a stack needs). */
export interface Network {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Attachable?: boolean;
  Labels?: Labels | null;
}

/** The Swarm part of `GET /info`: whether this engine is in a swarm and may manage it. */
export interface SwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  LocalNodeState: "" | "inactive" | "pending" | "active" | "error" | "locked";
  ControlAvailable?: boolean;
  Error?: string;
  Nodes?: number;
  Managers?: number;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
}
