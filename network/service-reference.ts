import { ComposeError } from "../spec/errors.js";

/** Gives the container (name or id) that stands for a service, or undefined when it has none yet. */
export type ServiceContainerResolver = (service: string) => string | undefined;

/**
 * Resolves a namespace mode (`network_mode`, `ipc`, `pid`) that may point at another service:
 * `service:<name>` becomes `container:<that service's container>`, anything else (`host`, `none`,
 * `container:<x>`, `shareable`…) is returned unchanged. Like Compose, a service without a
 * container is an error (`E_SERVICE_CONTAINER_MISSING`, exit 1): the dependency must be created first.
 * `attribute` and `service` only name the failing reference in the message.
 */
export function resolveServiceMode(
  mode: string,
  attribute: string,
  service: string,
  resolve: ServiceContainerResolver,
): string {
  if (!mode.startsWith("service:")) return mode;
  const target = mode.slice("service:".length);
  return `container:${resolveServiceContainer(target, attribute, service, resolve)}`;
}

/** The container of `target`, or an `E_SERVICE_CONTAINER_MISSING` error naming who needed it. */
export function resolveServiceContainer(
  target: string,
  attribute: string,
  service: string,
  resolve: ServiceContainerResolver,
): string {
  const container = resolve(target);
  if (container === undefined || container === "") {
    throw new ComposeError(
      "E_SERVICE_CONTAINER_MISSING",
      `service "${service}" refers to service "${target}" in ${attribute}, but "${target}" has no container`,
      { hint: `Create "${target}" first (do not use --no-deps, and make sure its scale is not 0).` },
    );
  }
  return container;
}
