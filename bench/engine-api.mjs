// A minimal Docker Engine API client over the unix socket with node:http (no dockerode), shared by
// the raw-engine floor (bench/engine-floor.mjs) and the harness (bench/engine.mjs): requests,
// the /events stream and cleanup by project label.
import http from "node:http";

const PROJECT_LABEL = "com.docker.compose.project";

/** The engine's unix socket: DOCKER_HOST when it is `unix://…`, else /var/run/docker.sock. */
export function socketPath(env = process.env) {
  const host = env.DOCKER_HOST;
  if (!host) return "/var/run/docker.sock";
  if (host.startsWith("unix://")) return host.slice("unix://".length);
  throw new Error(`the benchmarks talk to the engine over a unix socket only; DOCKER_HOST is ${host}`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Closes the keep-alive sockets so the process can exit promptly. */
export function closeApi() {
  agent.destroy();
}

/** One raw Engine API request: resolves `{status, text}` whatever the status. */
export function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) };
    const req = http.request({ socketPath: socketPath(), agent, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * One Engine API request. Resolves `{status, body}` (body parsed as JSON when it is JSON) for any
 * status in `ok` (default: every 2xx), rejects with the engine's message otherwise.
 */
export async function api(method, path, body, ok = (s) => s >= 200 && s < 300) {
  const { status, text } = await request(method, path, body);
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (e.g. a plain-text error): keep the text.
  }
  if (!ok(status)) throw new Error(`${method} ${path}: ${status} ${parsed?.message ?? text}`);
  return { status, body: parsed };
}

/** `?filters=` query text for a filter map such as `{label: ["a=b"], type: ["container"]}`. */
export function filters(map) {
  return `filters=${encodeURIComponent(JSON.stringify(map))}`;
}

/** The label filter that selects one Compose project's objects. */
export function projectFilter(project) {
  return { label: [`${PROJECT_LABEL}=${project}`] };
}

/**
 * Opens the /events stream with the given filters and calls `onEvent` for every event. Resolves
 * once the engine has answered (so events that follow are not missed) with a `close()` function.
 */
export function openEvents(filterMap, onEvent, since) {
  return new Promise((resolve, reject) => {
    const q = [filters(filterMap), since === undefined ? undefined : `since=${since}`].filter(Boolean).join("&");
    // A dedicated socket: the stream never ends, so it must not occupy a keep-alive slot.
    const req = http.request({ socketPath: socketPath(), method: "GET", path: `/events?${q}` }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET /events: ${res.statusCode}`));
        res.resume();
        return;
      }
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        buf += chunk;
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line));
        }
      });
      res.on("error", () => {});
      resolve({ close: () => req.destroy() });
    });
    req.on("error", (e) => {
      if (!req.destroyed) reject(e);
    });
    req.end();
  });
}

/** The containers (running or not) that carry the project's label. */
export async function projectContainers(project) {
  const { body } = await api("GET", `/containers/json?all=1&${filters(projectFilter(project))}`);
  return body;
}

/**
 * Removes every container, network and volume labelled with the project, whatever state it is
 * in. Returns how many objects it removed.
 */
export async function cleanupProject(project) {
  const by = filters(projectFilter(project));
  const gone = (s) => (s >= 200 && s < 300) || s === 404;
  const containers = await projectContainers(project);
  await Promise.all(containers.map((c) => api("DELETE", `/containers/${c.Id}?force=1&v=1`, undefined, gone)));
  const { body: networks } = await api("GET", `/networks?${by}`);
  const { body: volumes } = await api("GET", `/volumes?${by}`);
  await Promise.all(networks.map((n) => api("DELETE", `/networks/${n.Id}`, undefined, gone)));
  await Promise.all((volumes.Volumes ?? []).map((v) => api("DELETE", `/volumes/${encodeURIComponent(v.Name)}`, undefined, gone)));
  return containers.length + networks.length + (volumes.Volumes ?? []).length;
}

/** The engine's version answer (`Version`, `ApiVersion`, `KernelVersion`, …). */
export async function engineVersion() {
  return (await api("GET", "/version")).body;
}
