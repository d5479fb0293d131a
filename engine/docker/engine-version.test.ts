import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";
import { EngineClient } from "./client.js";
import { createContainer } from "./containers.js";

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}
type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };

/** A fake engine on a unix socket: records each request and answers as `reply` says, with `Api-Version: apiVersion` unless null. */
async function fakeEngine(apiVersion: string | null, reply: (seen: Seen) => Answer = () => ({})): Promise<{ client: EngineClient; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const request = { method: req.method ?? "", path: req.url ?? "", body: text ? (JSON.parse(text) as unknown) : undefined };
      seen.push(request);
      const answer = reply(request);
      const headers: Record<string, string> = { "Content-Type": "application/json", ...answer.headers };
      if (apiVersion !== null) headers["Api-Version"] = apiVersion;
      res.writeHead(answer.status ?? 200, headers);
      res.end(answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    });
  });
  const socket = join(mkdtempSync(join(tmpdir(), "tsc-fake-engine-")), "docker.sock");
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const client = new EngineClient({ host: `unix://${socket}` });
  return { client, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const engines: { close(): Promise<void> }[] = [];
async function engine(apiVersion: string | null, reply?: (seen: Seen) => Answer) {
  const e = await fakeEngine(apiVersion, reply);
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

describe("EngineClient.apiVersion", () => {
  it("costs no request once any answer carried the Api-Version header", async () => {
    const { client, seen } = await engine("1.51", () => ({ body: [] }));
    await client.json({ method: "GET", path: "/containers/json" });
    await expect(client.apiVersion()).resolves.toBe("1.51");
    await expect(client.apiVersion()).resolves.toBe("1.51");
    expect(seen.map((s) => s.path)).toEqual(["/containers/json"]);
  });

  it("asks with one /_ping, shared by concurrent callers, when nothing has answered yet", async () => {
    const { client, seen } = await engine("1.41", () => ({ body: "OK" }));
    const versions = await Promise.all([client.apiVersion(), client.apiVersion(), client.apiVersion()]);
    expect(versions).toEqual(["1.41", "1.41", "1.41"]);
    await client.apiVersion();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET /_ping"]);
  });

  it("falls back to /version for an engine that sends no header, and to '' when it will not say", async () => {
    const withBody = await engine(null, (s) => ({ body: s.path === "/version" ? { ApiVersion: "1.40" } : "OK" }));
    await expect(withBody.client.apiVersion()).resolves.toBe("1.40");
    await expect(withBody.client.apiVersion()).resolves.toBe("1.40");
    expect(withBody.seen.map((s) => s.path)).toEqual(["/_ping", "/version"]);
    const silent = await engine(null, () => ({ body: {} }));
    await expect(silent.client.apiVersion()).resolves.toBe("");
  });

  it("asks again after a failed probe instead of caching the failure", async () => {
    let fail = true;
    const { client } = await engine("1.44", () => (fail ? { status: 500, body: { message: "starting" } } : { body: "OK" }));
    await expect(client.apiVersion()).rejects.toThrow(/starting/);
    fail = false;
    await expect(client.apiVersion()).resolves.toBe("1.44");
  });
});

const spec: ContainerSpec = {
  name: "p-web-1",
  image: "busybox",
  labels: { "com.docker.compose.project": "p" },
  macAddress: "02:42:ac:11:00:02",
  networks: [
    { network: "p_front", aliases: ["p-web-1", "web"], ipv4Address: "10.1.0.5", macAddress: "02:42:ac:11:00:02" },
    { network: "p_back", aliases: ["p-web-1", "web", "api"] },
  ],
};

function created(s: Seen): Answer {
  if (s.path.startsWith("/containers/create")) return { status: 201, body: { Id: "c1" } };
  return { status: s.method === "DELETE" ? 204 : 200, body: "OK" };
}

describe("createContainer and the engine's API version", () => {
  it("joins every network in the one create call on API 1.44 and later, with no container-wide MAC address", async () => {
    const { client, seen } = await engine("1.51", created);
    await expect(createContainer(client, spec)).resolves.toBe("c1");
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET /_ping", "POST /containers/create?name=p-web-1"]);
    const body = seen[1]?.body as { MacAddress?: string; NetworkingConfig: { EndpointsConfig: Record<string, unknown> }; HostConfig: { NetworkMode: string } };
    expect(body.MacAddress).toBeUndefined();
    expect(body.HostConfig.NetworkMode).toBe("p_front");
    expect(body.NetworkingConfig.EndpointsConfig).toEqual({
      p_front: { Aliases: ["p-web-1", "web"], IPAddress: "10.1.0.5", IPAMConfig: { IPv4Address: "10.1.0.5" }, MacAddress: "02:42:ac:11:00:02" },
      p_back: { Aliases: ["p-web-1", "web", "api"] },
    });
  });

  it("sends no extra request when the version is already known", async () => {
    const { client, seen } = await engine("1.51", created);
    await client.json({ method: "GET", path: "/_ping" });
    await createContainer(client, spec);
    expect(seen.map((s) => s.path)).toEqual(["/_ping", "/containers/create?name=p-web-1"]);
  });

  it("creates with the primary network and connects the others on an older engine (Docker 20.10, API 1.41)", async () => {
    const { client, seen } = await engine("1.41", created);
    await createContainer(client, spec);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET /_ping", "POST /containers/create?name=p-web-1", "POST /networks/p_back/connect"]);
    const body = seen[1]?.body as { MacAddress?: string; NetworkingConfig: { EndpointsConfig: Record<string, unknown> } };
    expect(body.MacAddress).toBe("02:42:ac:11:00:02");
    expect(Object.keys(body.NetworkingConfig.EndpointsConfig)).toEqual(["p_front"]);
    expect(seen[2]?.body).toEqual({ Container: "c1", EndpointConfig: { Aliases: ["p-web-1", "web", "api"] } });
  });

  it("removes the half-made container when a later connect fails on an older engine", async () => {
    const { client, seen } = await engine("1.41", (s) => (s.path.includes("/connect") ? { status: 500, body: { message: "no such network" } } : created(s)));
    await expect(createContainer(client, spec)).rejects.toThrow(/connecting p-web-1 to network p_back: no such network/);
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", path: "/containers/c1?force=true&v=true" });
  });
});

describe("createContainer with volumes_from", () => {
  const containers: Record<string, unknown> = {
    "p-data-1": { Id: "d".repeat(64), Config: { Labels: { "com.docker.compose.project": "p" } } },
    outside: { Id: "e".repeat(64), Config: { Labels: {} } },
  };
  const reply = (s: Seen): Answer => {
    const m = /^\/containers\/([^/]+)\/json$/.exec(s.path);
    if (m) {
      const found = containers[decodeURIComponent(m[1] ?? "")];
      return found ? { body: found } : { status: 404, body: { message: "No such container" } };
    }
    return created(s);
  };

  it("sends a source of the project by id and keeps its mode; others keep their name", async () => {
    const { client, seen } = await engine("1.51", reply);
    await createContainer(client, { ...spec, networks: [], volumesFrom: ["p-data-1:ro", "p-data-1", "outside:rw", "gone"] });
    const create = seen.find((s) => s.path.startsWith("/containers/create"));
    expect((create?.body as { HostConfig: { VolumesFrom: string[] } }).HostConfig.VolumesFrom).toEqual([`${"d".repeat(64)}:ro`, "d".repeat(64), "outside:rw", "gone"]);
    expect(seen.filter((s) => s.path.endsWith("/json"))).toHaveLength(4);
  });

  it("inspects nothing when the service has no volumes_from", async () => {
    const { client, seen } = await engine("1.51", reply);
    await createContainer(client, spec);
    expect(seen.some((s) => s.path.endsWith("/json"))).toBe(false);
  });
});
