import { realpathSync } from "node:fs";
import { byteOrder } from "../../spec/compose-go/canonical.js";
import path from "node:path";
import type { BuildConfig, Project, ServiceConfig } from "../../spec/project.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../runtime/labels.js";
import { serviceImage } from "../plan/plan-up.js";

/**
 * `build --print`: the `docker buildx bake` definition Compose 2.40.3 hands to bake, which it prints
 * instead of building. Keys and their order are those of Compose's bake target; empty ones are left
 * out (Go's `omitempty`).
 */
export interface BakeTarget {
  context?: string;
  contexts?: Record<string, string>;
  dockerfile?: string;
  "dockerfile-inline"?: string;
  args?: Record<string, string>;
  labels?: Record<string, string>;
  tags?: string[];
  "cache-from"?: string[];
  "cache-to"?: string[];
  target?: string;
  secret?: string[];
  ssh?: string[];
  platforms?: string[];
  pull?: boolean;
  "no-cache"?: boolean;
  network?: string;
  "no-cache-filter"?: string[];
  /** Bytes, as a string (Compose's UnitBytes marshals so). */
  "shm-size"?: string;
  ulimits?: string[];
  entitlements?: string[];
  "extra-hosts"?: Record<string, string>;
  output?: string[];
  attest?: string[];
}

export interface BakeDefinition {
  group: { default: { targets: string[] } };
  target: Record<string, BakeTarget>;
}

export interface BakeOptions {
  /** The services built (the `default` group): the selected ones, with their dependencies under `--with-dependencies`. */
  readonly services: readonly string[];
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly push?: boolean;
  /**
   * `--build-arg` values as given: `K=V`, or a bare `K` that takes its value from `lookup` and, when
   * unset there, removes the service's own `K`.
   */
  readonly buildArgs?: readonly string[];
  /** The project's variables (shell over `.env`), for bare `--build-arg K`. */
  readonly lookup?: (name: string) => string | undefined;
  /** Resolves symbolic links in a directory; undefined when it does not exist. Defaults to the file system. */
  readonly realpath?: (dir: string) => string | undefined;
}

function fsRealpath(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** Compose's bake target name: the service name with `.` replaced by `_`. */
export function bakeTargetName(service: string): string {
  return service.replaceAll(".", "_");
}

/**
 * The bake definition of `project`'s builds: a target for every service of the (already selected)
 * project that has `build:`, and the `default` group naming those of `options.services`. Undefined
 * when none of `options.services` has anything to build: Compose then prints nothing.
 * Group targets are sorted (Compose lists them in Go's random map order).
 */
export function bakeDefinition(project: Project, options: BakeOptions): BakeDefinition | undefined {
  const groupTargets = options.services.filter((s) => project.services[s]?.build).map(bakeTargetName);
  if (groupTargets.length === 0) return undefined;
  const target: Record<string, BakeTarget> = {};
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name];
    if (!service?.build) continue;
    target[bakeTargetName(name)] = bakeTarget(project, name, service, service.build, options);
  }
  return { group: { default: { targets: groupTargets.sort(byteOrder) } }, target: sortKeys(target) };
}

function bakeTarget(project: Project, name: string, service: ServiceConfig, b: BuildConfig, options: BakeOptions): BakeTarget {
  const image = serviceImage(project, name);
  const platforms = b.platforms?.length ? [...b.platforms] : service.platform ? [service.platform] : [];
  const push = options.push === true && service.image !== undefined && service.image !== "";
  const output = platforms.length > 1 ? `type=image,push=${push}` : push ? "type=registry" : "type=docker";
  const entitlements = [...(b.entitlements ?? []), ...(b.privileged ? ["security.insecure"] : [])];
  const t: BakeTarget = {
    context: b.context,
    contexts: b.additional_contexts && { ...b.additional_contexts },
    dockerfile: b.dockerfile_inline !== undefined ? undefined : dockerfilePath(b.context, b.dockerfile ?? "Dockerfile", options.realpath ?? fsRealpath),
    "dockerfile-inline": b.dockerfile_inline && escapeDollar(b.dockerfile_inline),
    args: buildArgs(b, options),
    labels: { ...b.labels, [LABELS.project]: project.name, [LABELS.service]: name, [LABELS.version]: COMPOSE_VERSION_LABEL },
    tags: [...(b.tags ?? []), image],
    "cache-from": b.cache_from && [...b.cache_from],
    "cache-to": b.cache_to && [...b.cache_to],
    target: b.target,
    secret: bakeSecrets(project, b),
    ssh: b.ssh?.map((s) => (s.includes("=") ? s : `${s}=`)),
    platforms,
    pull: b.pull === true || options.pull === true,
    "no-cache": b.no_cache === true || options.noCache === true,
    network: b.network,
    "no-cache-filter": b.no_cache_filter && [...b.no_cache_filter],
    "shm-size": b.shm_size ? String(b.shm_size) : undefined,
    ulimits: Object.entries(b.ulimits ?? {}).map(([k, u]) => (u.single && u.soft > 0 ? `${k}=${u.soft}` : `${k}=${u.soft}:${u.hard}`)),
    entitlements,
    "extra-hosts": extraHosts(b.extra_hosts ?? []),
    output: [output],
    attest: [...attest("provenance", b.provenance), ...attest("sbom", b.sbom)],
  };
  return omitEmpty(t);
}

/** Service args, then `--build-arg` over them; `${` escaped as `$${` (bake interpolates). */
function buildArgs(b: BuildConfig, options: BakeOptions): Record<string, string> {
  const args = new Map<string, string | undefined>(Object.entries(b.args ?? {}));
  for (const v of options.buildArgs ?? []) {
    const eq = v.indexOf("=");
    if (eq < 0) args.set(v, options.lookup?.(v));
    else args.set(v.slice(0, eq), v.slice(eq + 1));
  }
  const out: Record<string, string> = {};
  for (const [k, v] of args) if (v !== undefined) out[k] = escapeDollar(v);
  return out;
}

function escapeDollar(s: string): string {
  return s.replaceAll("${", () => "$${");
}

/** `id=<target>,type=env,env=<VAR>` or `id=<target>,type=file,src=<path>`; other secrets are left out. */
function bakeSecrets(project: Project, b: BuildConfig): string[] {
  const out: string[] = [];
  for (const ref of b.secrets ?? []) {
    const def = project.secrets[ref.source];
    const id = ref.target || ref.source;
    if (def?.environment) out.push(`id=${id},type=env,env=${def.environment}`);
    else if (def?.file) out.push(`id=${id},type=file,src=${def.file}`);
  }
  return out;
}

/** `host=ip` entries as a map; several addresses of one host are comma-joined. */
function extraHosts(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    const [host, ip] = eq >= 0 ? [e.slice(0, eq), e.slice(eq + 1)] : [e.slice(0, e.indexOf(":")), e.slice(e.indexOf(":") + 1)];
    out[host] = out[host] === undefined ? ip : `${out[host]},${ip}`;
  }
  return out;
}

function attest(kind: string, value: string | boolean | undefined): string[] {
  if (value === undefined || value === "") return [];
  if (value === true || value === "true") return [`type=${kind}`];
  // Compose 2.40.3 leaves a disabled attestation out (bake's default applies).
  if (value === false || value === "false") return [];
  return [`type=${kind},${value}`];
}

/**
 * The Dockerfile as bake reads it: as written for a remote (URL or git) context, else absolute
 * (joined to the context), its directory's symbolic links resolved when it exists.
 */
export function dockerfilePath(context: string, dockerfile: string, realpath: (dir: string) => string | undefined): string {
  if (!path.isAbsolute(context) || context.includes("://")) return dockerfile;
  const file = path.isAbsolute(dockerfile) ? dockerfile : path.join(context, dockerfile);
  const real = realpath(path.dirname(file));
  return real !== undefined ? path.join(real, path.basename(file)) : file;
}

function omitEmpty(t: BakeTarget): BakeTarget {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (v === undefined || v === false || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = typeof v === "object" && !Array.isArray(v) ? sortKeys(v as Record<string, unknown>) : v;
  }
  return out as BakeTarget;
}

/** A map's keys in Go's order (`encoding/json` writes them sorted). */
function sortKeys<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(m).sort(byteOrder).map((k) => [k, m[k] as T]));
}

/**
 * The definition as Compose prints it: Go's `json.MarshalIndent` with two spaces, which escapes
 * `<`, `>`, `&`, U+2028 and U+2029, then a newline.
 */
export function formatBakeDefinition(def: BakeDefinition): string {
  const json = JSON.stringify(def, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${json}\n`;
}
