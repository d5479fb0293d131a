import type { Diagnostics } from "../errors.js";
import type { SpecHost } from "../host.js";
import type { SourceMap } from "../location.js";
import { withStringMaps } from "./normalize-attributes.js";
import { isMap, scalarString, setKey, warnAt, type NormalizeContext } from "./normalize-context.js";
import { resolveHostPath } from "./normalize-paths.js";
import { normalizeService } from "./normalize-service.js";
import type { Plain, PlainMap } from "../read/parse.js";
import type { Project } from "../project.js";

/** What `normalizeProject` needs: the merged, validated tree and the project's identity. */
export interface NormalizeInput {
  /** The merged, schema-valid tree (after interpolation, merge, extends and include). Not modified. */
  readonly data: PlainMap;
  readonly sources: SourceMap;
  readonly projectName: string;
  /** Absolute project directory: relative host paths resolve against it. */
  readonly projectDir: string;
  /** Reads env files and label files; gives the home directory for `~`. */
  readonly host: SpecHost;
  /** Shell and `.env` variables, for bare names in `environment`/`build.args` and inside env files. */
  readonly lookup: (name: string) => string | undefined;
  readonly diag: Diagnostics;
  /** false for `config --no-path-resolution`: host paths are kept as written (see `resolveHostPath`). */
  readonly resolvePaths?: boolean | undefined;
  /** false for `config --no-normalize` (see `NormalizeContext.normalize`). */
  readonly normalize?: boolean | undefined;
}

type Resource = "networks" | "volumes" | "secrets" | "configs";

/**
 * Turns the merged tree into the typed, deeply frozen `Project` that mirrors `docker compose config`:
 * short syntaxes expanded, defaults filled in, host paths absolute, env files applied, resource
 * names set (`<project>_<key>` unless `name:` or external), the implicit `default` network added when
 * a service uses it. `version` is dropped with Compose's warning. Bad input is reported to `diag`
 * (with its source location) and never thrown; the offending attribute is left out of the result.
 */
export function normalizeProject(input: NormalizeInput): Project {
  // A private copy: the result is frozen and must share nothing with the caller's tree.
  const data = structuredClone(input.data);
  const ctx: NormalizeContext = {
    projectName: input.projectName,
    projectDir: input.projectDir,
    homeDir: input.host.homeDir,
    ...(input.resolvePaths === false ? { resolvePaths: false } : {}),
    ...(input.normalize === false ? { normalize: false } : {}),
    host: input.host,
    lookup: input.lookup,
    diag: input.diag,
    sources: input.sources,
  };
  if (data["version"] !== undefined) {
    warnAt(ctx, ["version"], "W_VERSION_OBSOLETE", "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
  }
  const services: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(mapOf(data["services"]))) setKey(services, name, normalizeService(name, raw, ctx));
  const project: Record<string, unknown> = {
    name: input.projectName,
    services,
    networks: resources("networks", data, ctx),
    volumes: resources("volumes", data, ctx),
    secrets: resources("secrets", data, ctx),
    configs: resources("configs", data, ctx),
  };
  if (ctx.normalize !== false) addDefaultNetwork(project["networks"] as Record<string, unknown>, services, ctx);
  if (data["models"] !== undefined && data["models"] !== null) project["models"] = data["models"];
  for (const [key, value] of Object.entries(data)) if (key.startsWith("x-")) project[key] = value;
  return deepFreeze(project) as unknown as Project;
}

function mapOf(v: Plain | undefined): PlainMap {
  return isMap(v) ? v : {};
}

function resources(kind: Resource, data: PlainMap, ctx: NormalizeContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(mapOf(data[kind]))) setKey(out, key, resource(kind, key, mapOf(raw), ctx));
  return out;
}

/**
 * One top-level network, volume, secret or config: `external: {name}` (legacy) becomes
 * `external: true` plus `name`; `name` defaults to the key for external resources, else to
 * `<project>_<key>`; labels and driver options become string maps; file paths become absolute.
 */
function resource(kind: Resource, key: string, raw: PlainMap, ctx: NormalizeContext): Record<string, unknown> {
  const out = withStringMaps(raw, ["labels", "driver_opts"]);
  const external = raw["external"];
  let legacyName: string | undefined;
  if (isMap(external)) {
    out["external"] = true;
    if (external["name"] !== undefined && external["name"] !== null) legacyName = scalarString(external["name"]);
  }
  const explicit = raw["name"] === undefined || raw["name"] === null ? legacyName : scalarString(raw["name"]);
  const name = explicit ?? (ctx.normalize === false ? undefined : out["external"] === true ? key : `${ctx.projectName}_${key}`);
  if (name !== undefined) out["name"] = name;
  if ((kind === "secrets" || kind === "configs") && typeof raw["file"] === "string") {
    out["file"] = resolveHostPath(raw["file"], ctx);
  }
  if (kind === "networks" && isMap(raw["ipam"])) out["ipam"] = ipam(raw["ipam"]);
  if (kind === "volumes") bindDevice(out, ctx);
  if (kind === "volumes" && out["external"] === true) externalVolumeAlone(key, raw, ctx);
  return out;
}

/**
 * An external volume may set only `name` (and `x-*` keys): Compose 2.40 rejects any other key
 * ("volumes.v: conflicting parameters "external" and "driver" specified"), for the legacy
 * `external: {name}` form too. Networks, secrets and configs have no such check in Compose.
 */
function externalVolumeAlone(key: string, raw: PlainMap, ctx: NormalizeContext): void {
  const extra = Object.keys(raw).find((k) => k !== "name" && k !== "external" && !k.startsWith("x-"));
  if (extra === undefined) return;
  const path = ["volumes", key, extra];
  const location = ctx.sources.locate(path);
  ctx.diag.error("E_EXTERNAL_CONFLICT", `volume "${key}" is external and also sets ${extra}, which only a volume Compose creates can have`, {
    hint: `Remove ${extra} (an external volume is used as it already exists), or remove \`external\` to let Compose create it.`,
    ...(location ? { location } : {}),
    path,
  });
}

/**
 * A network's `ipam`. `options` is in Compose 2.40's schema but not in its model: accepted, then
 * dropped (not printed, not hashed, not sent to the engine), as Compose does.
 */
function ipam(raw: PlainMap): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  delete out["options"];
  if (Array.isArray(raw["config"])) {
    out["config"] = raw["config"].map((pool) => (isMap(pool) ? withStringMaps(pool, ["aux_addresses"]) : pool));
  }
  return out;
}

/**
 * A volume with `driver: local` and `o: bind` is a bind mount in disguise: Compose makes its `device`
 * absolute. Only with the driver written as `local`: without `driver`, compose-go leaves the device as is.
 */
function bindDevice(out: Record<string, unknown>, ctx: NormalizeContext): void {
  const opts = out["driver_opts"] as Record<string, string> | undefined;
  if (!opts || out["driver"] !== "local") return;
  const device = opts["device"];
  if (device === undefined || !(opts["o"] ?? "").split(",").includes("bind")) return;
  out["driver_opts"] = { ...opts, device: resolveHostPath(device, ctx) };
}

/** Declares the implicit `default` network when a service is attached to it and the file does not declare it. */
function addDefaultNetwork(networks: Record<string, unknown>, services: Record<string, unknown>, ctx: NormalizeContext): void {
  if (Object.hasOwn(networks, "default")) return;
  const used = Object.values(services).some((s) => {
    const nets = (s as Record<string, unknown>)["networks"];
    return typeof nets === "object" && nets !== null && Object.hasOwn(nets, "default");
  });
  if (used) networks["default"] = { name: `${ctx.projectName}_default` };
}

function deepFreeze(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

