#!/usr/bin/env node
// The raw-engine floor: the Engine API calls a Compose `up -d` / `down` needs, issued directly
// over the unix socket with node:http, as parallel as the dependency graph allows. It leaves the
// same end state as Docker Compose v2 (names `<project>-<service>-1`, `<project>_<key>`, Compose's
// labels), converges (a second `up` on a converged project only observes), and waits for health
// through the /events stream, so it is the fair lower bound for tscompose.
//
// Usage: node bench/engine-floor.mjs -p PROJECT -f FILE up -d
//        node bench/engine-floor.mjs -p PROJECT -f FILE down [-v]
import { api, closeApi, filters, openEvents, projectContainers, projectFilter } from "./engine-api.mjs";
import { createBody, loadModel, networkBody, volumeBody } from "./engine-floor-model.mjs";

const WAIT_MS = 60_000;
const STOP_SECONDS = 10;

function parseArgs(argv) {
  const opts = { project: undefined, file: undefined, verb: undefined, volumes: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-p") opts.project = argv[++i];
    else if (a === "-f") opts.file = argv[++i];
    else if (a === "up" || a === "down") opts.verb = a;
    else if (a === "-v") opts.volumes = true;
    else if (a !== "-d") throw new Error(`floor: unknown argument ${a}`);
  }
  if (!opts.project || !opts.file || !opts.verb) throw new Error("usage: engine-floor.mjs -p PROJECT -f FILE up -d | down [-v]");
  return opts;
}

const okOr = (...codes) => (s) => (s >= 200 && s < 300) || codes.includes(s);

/**
 * Waits on container events by id: `healthy`, or `completed` (exit 0); rejects on the opposite
 * outcome. Remembers each container's last outcome, so a wait that starts late still sees it.
 */
class EventWaiters {
  waiters = new Map();
  last = new Map();

  on(event) {
    const action = event.Action ?? event.status;
    if (action === "die") this.last.set(event.id, { action, code: event.Actor?.Attributes?.exitCode });
    else if (action?.startsWith("health_status")) this.last.set(event.id, { action });
    const w = this.waiters.get(event.id);
    if (w) this.settle(event.id, w);
  }

  settle(id, w) {
    const last = this.last.get(id);
    if (!last) return;
    if (w.kind === "healthy" && last.action === "health_status: healthy") w.resolve();
    else if (w.kind === "healthy" && last.action === "health_status: unhealthy") w.reject(new Error(`${w.name} is unhealthy`));
    else if (last.action === "die") {
      if (w.kind === "completed" && last.code === "0") w.resolve();
      else w.reject(new Error(`${w.name} exited (${last.code})`));
    }
  }

  wait(id, name, kind) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${name} to be ${kind}`)), WAIT_MS);
      const done = (f) => (x) => {
        clearTimeout(timer);
        this.waiters.delete(id);
        f(x);
      };
      const w = { name, kind, resolve: done(resolve), reject: done(reject) };
      this.waiters.set(id, w);
      this.settle(id, w);
    });
  }
}

/** What exists: image ids, containers by name, network and volume names. One round trip each, in parallel. */
async function observe(model) {
  const by = filters(projectFilter(model.project));
  const images = [...new Set(model.services.map((s) => s.image))];
  const [imageIds, containers, networks, volumes] = await Promise.all([
    Promise.all(images.map(async (i) => [i, (await api("GET", `/images/${encodeURIComponent(i)}/json`)).body.Id])),
    projectContainers(model.project),
    api("GET", `/networks?${by}`).then((r) => r.body),
    api("GET", `/volumes?${by}`).then((r) => r.body.Volumes ?? []),
  ]);
  return {
    imageIds: new Map(imageIds),
    containers: new Map(containers.map((c) => [c.Names[0].slice(1), c])),
    networks: new Set(networks.map((n) => n.Name)),
    volumes: new Set(volumes.map((v) => v.Name)),
  };
}

/** Creates what is missing and starts every service as soon as its dependencies meet their conditions. */
async function up(model) {
  const gated = model.services.some((s) => Object.values(s.dependsOn).some((c) => c !== "service_started"));
  const waiters = new EventWaiters();
  const events = gated
    ? await openEvents({ ...projectFilter(model.project), type: ["container"], event: ["health_status", "die"] }, (e) => waiters.on(e))
    : undefined;
  try {
    const seen = await observe(model);
    const resources = Promise.all([
      ...model.networks.filter((n) => !seen.networks.has(n.name)).map((n) => api("POST", "/networks/create", networkBody(model, n), okOr(409))),
      ...model.volumes.filter((v) => !seen.volumes.has(v.name)).map((v) => api("POST", "/volumes/create", volumeBody(model, v))),
    ]);
    const byName = new Map(model.services.map((s) => [s.name, s]));
    const started = new Map();
    const conditions = new Map();
    const condition = (dep, kind) => {
      const key = `${dep}:${kind}`;
      if (!conditions.has(key)) conditions.set(key, reach(byName.get(dep), kind));
      return conditions.get(key);
    };
    const reach = async (svc, kind) => {
      const { id, running } = await started.get(svc.name);
      if (kind === "service_started") return;
      if (kind === "service_healthy" && !svc.hasHealthcheck) throw new Error(`${svc.name} has no healthcheck`);
      // A container that ran before this `up` may have reached its state before the stream opened.
      if (running || kind === "service_completed_successfully") {
        // An event seen meanwhile is newer than this snapshot.
        const state = (await api("GET", `/containers/${id}/json`)).body.State;
        if (waiters.last.has(id)) return waiters.wait(id, svc.name, kind === "service_healthy" ? "healthy" : "completed");
        if (state.Health?.Status) waiters.on({ id, Action: `health_status: ${state.Health.Status}` });
        if (state.Status === "exited") waiters.on({ id, Action: "die", Actor: { Attributes: { exitCode: String(state.ExitCode) } } });
      }
      return waiters.wait(id, svc.name, kind === "service_healthy" ? "healthy" : "completed");
    };
    for (const svc of model.services) {
      started.set(svc.name, startService(model, svc, seen, resources, () => Promise.all(Object.entries(svc.dependsOn).map(([d, c]) => condition(d, c)))));
    }
    await Promise.all(started.values());
    await Promise.all(conditions.values());
  } finally {
    events?.close();
  }
}

/** Creates (or reuses) one service's container, waits for its dependencies, starts it. Resolves `{id, running}`. */
async function startService(model, svc, seen, resources, dependencies) {
  const existing = seen.containers.get(svc.containerName);
  const current = existing?.Labels["com.docker.compose.config-hash"] === svc.configHash;
  let id = current ? existing.Id : undefined;
  await resources;
  if (!current) {
    if (existing) await api("DELETE", `/containers/${existing.Id}?force=1`);
    const body = createBody(model, svc, seen.imageIds.get(svc.image));
    id = (await api("POST", `/containers/create?name=${encodeURIComponent(svc.containerName)}`, body)).body.Id;
  }
  const wasRunning = current && existing.State === "running";
  await dependencies();
  if (!wasRunning) await api("POST", `/containers/${id}/start`, undefined, okOr(304));
  return { id, running: wasRunning };
}

/** Stops and removes containers in reverse dependency order, then the networks (and volumes with -v). */
async function down(model, volumes) {
  const by = filters(projectFilter(model.project));
  const [containers, networks, vols] = await Promise.all([
    projectContainers(model.project),
    api("GET", `/networks?${by}`).then((r) => r.body),
    volumes ? api("GET", `/volumes?${by}`).then((r) => r.body.Volumes ?? []) : [],
  ]);
  const dependants = new Map(model.services.map((s) => [s.name, []]));
  for (const s of model.services) for (const d of Object.keys(s.dependsOn)) dependants.get(d)?.push(s.name);
  const byService = new Map();
  for (const c of containers) {
    const name = c.Labels["com.docker.compose.service"];
    byService.set(name, [...(byService.get(name) ?? []), c]);
  }
  const removed = new Map();
  const remove = (name) => {
    if (!removed.has(name)) {
      removed.set(
        name,
        (async () => {
          await Promise.all((dependants.get(name) ?? []).map(remove));
          await Promise.all(
            (byService.get(name) ?? []).map(async (c) => {
              await api("POST", `/containers/${c.Id}/stop?t=${STOP_SECONDS}`, undefined, okOr(304));
              await api("DELETE", `/containers/${c.Id}${volumes ? "?v=1" : ""}`);
            }),
          );
        })(),
      );
    }
    return removed.get(name);
  };
  // Containers of services the file no longer names (orphans) have no known dependants.
  await Promise.all([...byService.keys()].map(remove));
  await Promise.all([
    ...networks.map((n) => api("DELETE", `/networks/${n.Id}`, undefined, okOr(404))),
    ...vols.map((v) => api("DELETE", `/volumes/${encodeURIComponent(v.Name)}`, undefined, okOr(404))),
  ]);
}

try {
  const opts = parseArgs(process.argv.slice(2));
  const model = loadModel(opts.file, opts.project);
  await (opts.verb === "up" ? up(model) : down(model, opts.volumes));
  closeApi();
} catch (e) {
  console.error(`engine-floor: ${e.message}`);
  closeApi();
  process.exit(1);
}
