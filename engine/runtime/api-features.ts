/**
 * Which of a container's attributes an engine would silently ignore because its Engine API
 * version predates them. The engine reads a create body by the API version the client speaks, and
 * tscompose speaks each engine's own: a field newer than that version is dropped without an error.
 * Compose files may still use it, so `up`, `create` and `run` warn once per (attribute, service)
 * instead of letting it vanish. Versions from the Engine API version history (moby
 * `api/docs/CHANGELOG.md`). An image mount before 1.48 is an error, not a warning (see
 * `checkSpecForApi`).
 */

import type { EventSink } from "./engine-events.js";
import { LABELS } from "./labels.js";
import { apiVersionAtLeast } from "./api-version.js";
import type { ContainerSpec } from "./runtime-container-spec.js";
import { createsMissingSource } from "./runtime-mount-spec.js";
import type { Runtime } from "./runtime.js";

/** One create-body field that needs a minimum Engine API version, and how to find it in a spec. */
export interface ApiFeature {
  /** The Compose attribute, as the warning names it (`healthcheck.start_interval`). */
  readonly attribute: string;
  /** The first Engine API version that reads it. */
  readonly minApi: string;
  /** The Docker release that brought that API version. */
  readonly docker: string;
  /** The Compose attributes of `spec` this feature covers (several for per-network ones); empty when unused. */
  readonly used: (spec: ContainerSpec) => readonly string[];
}

const when = (cond: boolean, attribute: string): readonly string[] => (cond ? [attribute] : []);

/** Create-body fields tscompose sends that an older engine ignores, oldest first. */
export const API_FEATURES: readonly ApiFeature[] = [
  // The `platform` query parameter of POST /containers/create.
  { attribute: "platform", minApi: "1.41", docker: "Docker 20.10", used: (s) => when(Boolean(s.platform), "platform") },
  { attribute: "cgroup", minApi: "1.41", docker: "Docker 20.10", used: (s) => when(Boolean(s.cgroupnsMode), "cgroup") },
  // BindOptions.CreateMountpoint, only sent when the bind goes through the Mount API (a Binds string always creates the source).
  {
    attribute: "volumes.bind.create_host_path",
    minApi: "1.42",
    docker: "Docker 23",
    used: (s) => when((s.mounts ?? []).some((m) => m.type === "bind" && m.createHostPath === true && !createsMissingSource(m)), "volumes.bind.create_host_path"),
  },
  { attribute: "annotations", minApi: "1.43", docker: "Docker 24", used: (s) => when(Object.keys(s.annotations ?? {}).length > 0, "annotations") },
  { attribute: "healthcheck.start_interval", minApi: "1.44", docker: "Docker 25", used: (s) => when(s.healthcheck?.startIntervalNs !== undefined, "healthcheck.start_interval") },
  // BindOptions.ReadOnlyForceRecursive; `writable` (ReadOnlyNonRecursive) is what an older engine does anyway.
  {
    attribute: "volumes.bind.recursive",
    minApi: "1.44",
    docker: "Docker 25",
    used: (s) => when((s.mounts ?? []).some((m) => m.type === "bind" && m.recursive === "readonly"), "volumes.bind.recursive"),
  },
  // A MAC address per endpoint: before 1.44 only the primary one's goes (container-wide); the others are connected later, without it.
  { attribute: "networks.mac_address", minApi: "1.44", docker: "Docker 25", used: (s) => (s.networks ?? []).slice(1).filter((e) => e.macAddress).map((e) => `networks.${e.network}.mac_address`) },
  { attribute: "volumes.volume.subpath", minApi: "1.45", docker: "Docker 26", used: (s) => when((s.mounts ?? []).some((m) => m.type === "volume" && Boolean(m.subpath)), "volumes.volume.subpath") },
  { attribute: "networks.gw_priority", minApi: "1.48", docker: "Docker 28", used: (s) => (s.networks ?? []).filter((e) => e.gwPriority !== undefined && e.gwPriority !== 0).map((e) => `networks.${e.network}.gw_priority`) },
];

/** An attribute of a container the engine would ignore. */
export interface IgnoredAttribute {
  /** The service (or, without the label, the container or image). */
  readonly service: string;
  readonly attribute: string;
  readonly minApi: string;
  readonly docker: string;
}

/**
 * The attributes of `spec` an engine of API `apiVersion` would ignore, in table order. Pure. An
 * unknown or unreadable version (`undefined`, `""`) yields none: the engine then judges.
 */
export function ignoredAttributes(spec: ContainerSpec, apiVersion: string | undefined): IgnoredAttribute[] {
  if (!apiVersion) return [];
  const service = spec.labels?.[LABELS.service] ?? spec.name ?? spec.image;
  return API_FEATURES.filter((f) => !apiVersionAtLeast(apiVersion, f.minApi, true)).flatMap((f) => f.used(spec).map((attribute) => ({ service, attribute, minApi: f.minApi, docker: f.docker })));
}

/** The warning for one ignored attribute. */
export function ignoredAttributeWarning(a: IgnoredAttribute, apiVersion: string): string {
  return `service "${a.service}": ${a.attribute} needs Docker Engine API ${a.minApi} (${a.docker}); this engine speaks ${apiVersion}, which ignores it`;
}

/** One warning per (attribute, service) over `specs` (replicas say it once), in first-seen order. */
export function apiFeatureWarnings(specs: Iterable<ContainerSpec>, apiVersion: string | undefined): string[] {
  if (!apiVersion) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const spec of specs) {
    for (const a of ignoredAttributes(spec, apiVersion)) {
      const key = `${a.service}\u0000${a.attribute}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ignoredAttributeWarning(a, apiVersion));
    }
  }
  return out;
}

/**
 * Emits, through `sink`, the warnings for what the runtime's engine would ignore of `specs`, once
 * its API version is known (after any answer; nothing is asked for it). Podman is skipped: its
 * compat API says 1.41 whatever it reads.
 */
export async function warnIgnoredAttributes(runtime: Runtime, sink: EventSink, specs: readonly ContainerSpec[]): Promise<void> {
  const apiVersion = runtime.knownApiVersion?.();
  const warnings = apiFeatureWarnings(specs, apiVersion);
  if (warnings.length === 0) return;
  const identity = await runtime.identify?.().catch(() => undefined);
  if (identity?.kind === "podman") return;
  for (const text of warnings) sink.emit({ type: "message", level: "warning", text, time: Date.now() });
}
