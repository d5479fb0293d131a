// The floor of `run --rm` for any Node tool: the fewest Engine API calls a one-off on the project's
// network needs, as `docker run --rm --network` makes them (create with AutoRemove, attach, wait
// for removal, start), from a bare Node process with nothing else loaded: no compose file, no
// labels, no dependency check. bench/ci.mjs spawns it as a contender, so Node's own start is in it.
//
// Usage: node bench/run-floor.mjs <image> <network> [cmd…]   (DOCKER_HOST=unix://… or the default socket)
import http from "node:http";

const [image, network, ...cmd] = process.argv.slice(2);
const socketPath = process.env.DOCKER_HOST?.startsWith("unix://") ? process.env.DOCKER_HOST.slice(7) : "/var/run/docker.sock";

function call(method, path, body, onResponse) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath, method, path, headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
      onResponse?.();
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Attaches to the container's output (a hijacked connection); resolves once the engine agreed. */
function attach(id) {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method: "POST", path: `/containers/${id}/attach?stream=1&stdout=1&stderr=1`, headers: { connection: "Upgrade", upgrade: "tcp" } });
    req.on("upgrade", (_res, socket) => {
      socket.on("data", () => undefined);
      socket.on("error", () => undefined);
      resolve(socket);
    });
    req.on("error", reject);
    req.end();
  });
}

const { Id: id } = await call("POST", "/containers/create", {
  Image: image,
  Cmd: cmd.length ? cmd : undefined,
  AttachStdout: true,
  AttachStderr: true,
  HostConfig: { AutoRemove: true, NetworkMode: network },
  NetworkingConfig: { EndpointsConfig: { [network]: {} } },
});
const socket = await attach(id);
let answered;
const accepted = new Promise((resolve) => (answered = resolve));
const removed = call("POST", `/containers/${id}/wait?condition=removed`, undefined, () => answered());
await accepted;
await call("POST", `/containers/${id}/start`);
const { StatusCode: code } = await removed;
socket.destroy();
process.exitCode = code;
