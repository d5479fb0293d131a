// The raw-engine floor's view of a fixture: reads the small subset of the Compose format the
// engine fixtures use and turns it into Engine API bodies with Compose's names and labels. It
// refuses anything else rather than silently doing less work than a real tool would.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

/** The Compose version written into `com.docker.compose.version` (the same as tscompose writes). */
export const COMPOSE_VERSION = "2.40.0";

const SERVICE_KEYS = new Set(["image", "command", "depends_on", "healthcheck", "volumes", "networks"]);
const CONDITIONS = new Set(["service_started", "service_healthy", "service_completed_successfully"]);

/** `200ms`, `1s`, `1m30s` → nanoseconds. */
export function durationNs(text) {
  const units = { us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(us|ms|s|m|h)/g;
  let consumed = "";
  for (const m of String(text).matchAll(re)) {
    total += Number(m[1]) * units[m[2]];
    consumed += m[0];
  }
  if (consumed !== String(text)) throw new Error(`floor: unsupported duration ${text}`);
  return Math.round(total);
}

// Fixtures only escape `$` as `$$`; a real variable would need interpolation the floor does not do.
function unescape(value) {
  if (typeof value === "string") {
    if (/\$(?!\$)/.test(value.replaceAll("$$", ""))) throw new Error(`floor: interpolation is not supported: ${value}`);
    return value.replaceAll("$$", "$");
  }
  if (Array.isArray(value)) return value.map(unescape);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescape(v)]));
  return value;
}

function dependsOn(raw) {
  if (!raw) return {};
  const entries = Array.isArray(raw) ? raw.map((d) => [d, "service_started"]) : Object.entries(raw).map(([d, v]) => [d, v?.condition ?? "service_started"]);
  for (const [d, c] of entries) if (!CONDITIONS.has(c)) throw new Error(`floor: unsupported condition ${c} on ${d}`);
  return Object.fromEntries(entries);
}

function healthcheck(raw) {
  if (!raw) return undefined;
  const test = typeof raw.test === "string" ? ["CMD-SHELL", raw.test] : raw.test;
  return {
    Test: test,
    Interval: raw.interval ? durationNs(raw.interval) : undefined,
    Timeout: raw.timeout ? durationNs(raw.timeout) : undefined,
    Retries: raw.retries,
    StartPeriod: raw.start_period ? durationNs(raw.start_period) : undefined,
  };
}

function volumeMounts(raw, project) {
  return (raw ?? []).map((v) => {
    const [source, target, ...rest] = String(v).split(":");
    if (!target || rest.length > 0 || source.startsWith(".") || source.startsWith("/")) throw new Error(`floor: only "name:/path" volumes are supported: ${v}`);
    return { key: source, Type: "volume", Source: `${project}_${source}`, Target: target };
  });
}

/**
 * Reads a fixture file for `project`. Returns `{project, file, workingDir, services, networks,
 * volumes}`, where each service carries the container name, create body (minus the image id
 * label, known only after inspecting the image) and its dependencies with their conditions.
 */
export function loadModel(file, project) {
  const abs = path.resolve(file);
  const doc = unescape(yaml.load(readFileSync(abs, "utf8")));
  const workingDir = path.dirname(abs);
  const services = Object.entries(doc.services ?? {}).map(([name, svc]) => {
    for (const k of Object.keys(svc)) if (!SERVICE_KEYS.has(k)) throw new Error(`floor: services.${name}.${k} is not supported`);
    const networks = Array.isArray(svc.networks) ? svc.networks : svc.networks ? Object.keys(svc.networks) : ["default"];
    if (networks.length !== 1) throw new Error(`floor: services.${name} must join exactly one network`);
    const deps = dependsOn(svc.depends_on);
    const config = { image: svc.image, command: svc.command, healthcheck: svc.healthcheck, volumes: svc.volumes, networks };
    return {
      name,
      image: svc.image,
      containerName: `${project}-${name}-1`,
      dependsOn: deps,
      hasHealthcheck: Boolean(svc.healthcheck),
      networks,
      mounts: volumeMounts(svc.volumes, project),
      healthcheck: healthcheck(svc.healthcheck),
      command: typeof svc.command === "string" ? ["sh", "-c", svc.command] : svc.command,
      configHash: createHash("sha256").update(JSON.stringify(config)).digest("hex"),
    };
  });
  const usedNetworks = [...new Set(services.flatMap((s) => s.networks))];
  for (const n of usedNetworks) if (n !== "default" && !(n in (doc.networks ?? {}))) throw new Error(`floor: undefined network ${n}`);
  return {
    project,
    file: abs,
    workingDir,
    services,
    networks: usedNetworks.map((key) => ({ key, name: `${project}_${key}` })),
    volumes: Object.keys(doc.volumes ?? {}).map((key) => ({ key, name: `${project}_${key}` })),
  };
}

/** Compose's labels for a service container (`imageId` is the inspected image's id). */
export function containerLabels(model, svc, imageId) {
  return {
    "com.docker.compose.project": model.project,
    "com.docker.compose.service": svc.name,
    "com.docker.compose.container-number": "1",
    "com.docker.compose.oneoff": "False",
    "com.docker.compose.config-hash": svc.configHash,
    "com.docker.compose.image": imageId,
    "com.docker.compose.depends_on": Object.entries(svc.dependsOn)
      .map(([d, c]) => `${d}:${c}:false`)
      .join(","),
    "com.docker.compose.project.working_dir": model.workingDir,
    "com.docker.compose.project.config_files": model.file,
    "com.docker.compose.version": COMPOSE_VERSION,
  };
}

/** The `POST /containers/create` body for a service, shaped like the one tscompose sends. */
export function createBody(model, svc, imageId) {
  const [first] = svc.networks;
  const network = `${model.project}_${first}`;
  return {
    Image: svc.image,
    Cmd: svc.command,
    Labels: containerLabels(model, svc, imageId),
    Tty: false,
    OpenStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Healthcheck: svc.healthcheck,
    HostConfig: {
      NetworkMode: network,
      Mounts: svc.mounts.length > 0 ? svc.mounts.map(({ Type, Source, Target }) => ({ Type, Source, Target })) : undefined,
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [svc.name, svc.containerName] } } },
  };
}

/** The `POST /networks/create` body for one of the project's networks. */
export function networkBody(model, net) {
  return {
    Name: net.name,
    CheckDuplicate: true,
    Driver: "bridge",
    Labels: { "com.docker.compose.project": model.project, "com.docker.compose.network": net.key, "com.docker.compose.version": COMPOSE_VERSION },
  };
}

/** The `POST /volumes/create` body for one of the project's named volumes. */
export function volumeBody(model, vol) {
  return {
    Name: vol.name,
    Labels: { "com.docker.compose.project": model.project, "com.docker.compose.volume": vol.key, "com.docker.compose.version": COMPOSE_VERSION },
  };
}
