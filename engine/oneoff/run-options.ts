import type { ServiceConfig, ServicePort, ServiceVolume } from "../../spec/project.js";

/** What `run`'s flags change in the service's configuration. */
export interface OneOffOptions {
  /** Replaces the service's `command` when not empty. */
  readonly command?: readonly string[];
  /** `--entrypoint`: replaces the entrypoint and, without a command, clears the command. */
  readonly entrypoint?: readonly string[];
  /** `-e`: added over the service's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** `-l`: added over the service's labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** `-v`: mounted after the service's own volumes. */
  readonly volumes?: readonly ServiceVolume[];
  /** `-p`: the ports to publish instead of the service's. */
  readonly publish?: readonly ServicePort[];
  /** `--service-ports`: keep the service's `ports` (dropped by default). */
  readonly servicePorts?: boolean;
  readonly user?: string;
  readonly workingDir?: string;
  readonly tty?: boolean;
  /** Keep stdin open (`-i`). */
  readonly interactive?: boolean;
  /** `--name`; the service's `container_name` never applies to a one-off. */
  readonly name?: string;
  /** `--cap-add`: added to the service's `cap_add`. */
  readonly capAdd?: readonly string[];
  /** `--cap-drop`: added to the service's `cap_drop`. */
  readonly capDrop?: readonly string[];
}

/**
 * The service as a one-off container runs it, as Compose's `applyRunOptions` and `prepareRun`
 * shape it: flags override the file, ports are published only with `--service-ports` or `-p`,
 * `container_name` is dropped, and restart policies are cleared (a one-off is never restarted).
 * Pure: the input is not changed.
 */
export function oneOffService(service: ServiceConfig, o: OneOffOptions): ServiceConfig {
  const out: { -readonly [K in keyof ServiceConfig]: ServiceConfig[K] } = { ...service };
  delete out.container_name;
  delete out.restart;
  delete out.scale;
  if (out.deploy) {
    const { restart_policy: _dropped, replicas: _replicas, ...deploy } = out.deploy;
    out.deploy = deploy;
  }
  if (o.command && o.command.length > 0) out.command = [...o.command];
  if (o.entrypoint !== undefined) {
    out.entrypoint = [...o.entrypoint];
    if (!o.command || o.command.length === 0) out.command = [];
  }
  if (o.user) out.user = o.user;
  if (o.workingDir) out.working_dir = o.workingDir;
  if (o.env && Object.keys(o.env).length > 0) out.environment = { ...service.environment, ...o.env };
  if (o.labels && Object.keys(o.labels).length > 0) out.labels = { ...service.labels, ...o.labels };
  if (o.volumes && o.volumes.length > 0) out.volumes = [...(service.volumes ?? []), ...o.volumes];
  if (o.capAdd && o.capAdd.length > 0) out.cap_add = unique([...(service.cap_add ?? []), ...o.capAdd]);
  if (o.capDrop && o.capDrop.length > 0) out.cap_drop = unique([...(service.cap_drop ?? []), ...o.capDrop]);
  if (!o.servicePorts) delete out.ports;
  if (o.publish && o.publish.length > 0) out.ports = [...o.publish];
  setFlag(out, "tty", o.tty);
  setFlag(out, "stdin_open", o.interactive);
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function setFlag(out: { tty?: boolean; stdin_open?: boolean }, key: "tty" | "stdin_open", value: boolean | undefined): void {
  if (value) out[key] = true;
  else delete out[key];
}

/**
 * Parses `-e` values as Compose does: `K=V` sets K; a bare `K` takes its value from `lookup`
 * (the shell), and is left out when unset there.
 */
export function parseEnvFlags(values: readonly string[], lookup: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq > 0) out[v.slice(0, eq)] = v.slice(eq + 1);
    else if (eq < 0 && v !== "") {
      const found = lookup(v);
      if (found !== undefined) out[v] = found;
    }
  }
  return out;
}

/** Parses `-l K=V` values; a bare `K` is an empty label. */
export function parseLabelFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq < 0) out[v] = "";
    else if (eq > 0) out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}
