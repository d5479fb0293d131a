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

/** `<project>-<service>-<n>`: Compose v2's container name, valid as a host name. */
export function containerName(project: string, service: string, n: number): string {
  return `${project}-${service}-${n}`;
}

/** The name Compose gives a one-off container of `run`: `<project>-<service>-run-<12 hex>`. */
export function oneOffName(project: string, service: string, slug: string): string {
  return `${project}-${service}-run-${slug.slice(0, 12)}`;
}

/** The default image name of a service built from source: `<project>-<service>`. */
export function defaultImageName(project: string, service: string): string {
  return `${project}-${service}`;
}
