import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from "./api-types.js";

/**
 * Something the file asks that Swarm cannot do as asked: a warning when ignoring it is harmless
 * enough (the attribute is left out), an error when ignoring it would deploy something else than
 * the file describes. `service` is unset for a top-level network, secret, config or volume.
 */
export interface StackProblem {
  readonly service?: string;
  /** The attribute as written in the file, e.g. `build`, `deploy.replicas`, `ports[0]`. */
  readonly attribute: string;
  readonly message: string;
}

/** One network a stack's services use: created by the deploy unless external. */
export interface StackNetwork {
  /** The key in the file's `networks:` (`default` for the implicit one). */
  readonly key: string;
  /** The engine name: `<stack>_<key>`, the `name:` written, or an external network's name. */
  readonly name: string;
  readonly external: boolean;
  /** The `POST /networks/create` body; undefined for an external network (never created). */
  readonly spec?: NetworkCreate;
}

/** One secret or config a stack's services use. */
export interface StackObject<S> {
  /** The key in the file's `secrets:` / `configs:`. */
  readonly key: string;
  /** The engine name: `<stack>_<key>_<10 hex of the content's sha256>`, or an external one's name. */
  readonly name: string;
  readonly external: boolean;
  /** The create body; undefined for an external object (never created). */
  readonly spec?: S;
}

/** One named volume a stack's services mount (each node creates its own on first use). */
export interface StackVolume {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
}

/**
 * A compose project as Swarm objects, ready for a deploy to create or update: everything named
 * and labelled for one stack, sorted by name so equal projects give equal stacks. The deploy
 * must not start while `errors` is not empty.
 */
export interface SwarmStack {
  readonly stack: string;
  readonly services: readonly ServiceSpec[];
  readonly networks: readonly StackNetwork[];
  readonly secrets: readonly StackObject<SecretSpec>[];
  readonly configs: readonly StackObject<ConfigSpec>[];
  readonly volumes: readonly StackVolume[];
  readonly warnings: readonly StackProblem[];
  readonly errors: readonly StackProblem[];
}
