/**
 * Docker Compose's label keys and resource names, so `docker compose ps` and `tscompose ps` see
 * the same project. Every object tscompose creates carries `LABELS.project`; nothing without it
 * is ever stopped, removed or changed.
 */
export const LABELS = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  containerNumber: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  slug: "com.docker.compose.slug",
  configHash: "com.docker.compose.config-hash",
  image: "com.docker.compose.image",
  dependsOn: "com.docker.compose.depends_on",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  environmentFile: "com.docker.compose.project.environment_file",
  version: "com.docker.compose.version",
  replace: "com.docker.compose.replace",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
} as const;

/**
 * What tscompose writes into `com.docker.compose.version`: the Docker Compose release whose model,
 * labels and config hashes it reproduces and is conformance-tested against (test/conformance). The
 * label tells a reader which Compose behaviour made the object (hash scheme included), and tools
 * that parse it as a Compose version keep working; see the README ("Working beside Docker Compose").
 */
export const COMPOSE_VERSION_LABEL = "2.40.3";

/**
 * What joins the parts of container and default image names: `-` (Compose v2), or `_` in Compose's
 * compatibility mode (`--compatibility`, `COMPOSE_COMPATIBILITY`), which keeps docker-compose v1's
 * `<project>_<service>_<n>` names. Like Compose's own `api.Separator`, one setting for the whole
 * process: the CLI sets it once, from its flags and environment, before loading anything.
 */
let separator: "-" | "_" = "-";

/** Turns docker-compose v1 names (`_`) on or off for this process. */
export function useCompatibilityNames(on: boolean): void {
  separator = on ? "_" : "-";
}

/** `<project>-<service>-<n>`: Compose v2's container name, valid as a host name (`_` in compatibility mode). */
export function containerName(project: string, service: string, n: number): string {
  return [project, service, n].join(separator);
}

/** The name Compose gives a one-off container of `run`: `<project>-<service>-run-<12 hex>` (`_` in compatibility mode). */
export function oneOffName(project: string, service: string, slug: string): string {
  return [project, service, "run", slug.slice(0, 12)].join(separator);
}

/** The default image name of a service built from source: `<project>-<service>` (`_` in compatibility mode). */
export function defaultImageName(project: string, service: string): string {
  return [project, service].join(separator);
}

/**
 * A container's name in log prefixes and status lines, as Compose prints it: `web-1` for its own
 * `<project>-web-1`, the full name otherwise (a `container_name`, or a name from the other mode).
 */
export function containerShortName(project: string, service: string, n: number, name: string): string {
  return name === containerName(project, service, n) ? name.slice(project.length + 1) : name;
}
