import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EngineClient } from "../docker/client.js";
import type { ServiceSpec } from "./api-types.js";
import { SwarmClient } from "./client.js";

/** A request the canned engine received. */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

type Answer = { status?: number; json?: unknown; raw?: Buffer };

// A tiny HTTP server on a unix socket answering canned JSON: it checks the requests' shapes
// (paths, queries, bodies, headers), not Swarm's behaviour.
let dir: string;
let server: http.Server;
let seen: Seen[] = [];
let answer: (r: Seen) => Answer = () => ({ json: {} });
let swarm: SwarmClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tscompose-swarm-client-"));
  const socket = join(dir, "engine.sock");
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://engine");
      const text = Buffer.concat(chunks).toString("utf8");
      const r: Seen = { method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: text ? JSON.parse(text) : undefined };
      seen.push(r);
      const a = answer(r);
      res.writeHead(a.status ?? 200, { "Content-Type": a.raw ? "application/vnd.docker.multiplexed-stream" : "application/json", "Api-Version": "1.51" });
      res.end(a.raw ?? JSON.stringify(a.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  swarm = new SwarmClient(new EngineClient({ host: `unix://${socket}` }));
});

afterAll(async () => {
  swarm.engine.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
  answer = () => ({ json: {} });
});

const SPEC: ServiceSpec = { Name: "demo_web", Labels: {}, TaskTemplate: { ContainerSpec: { Image: "nginx" } }, Mode: { Replicated: { Replicas: 1 } } };

describe("SwarmClient requests", () => {
  it("reads the swarm part of /info", async () => {
    answer = () => ({ json: { Swarm: { LocalNodeState: "active", ControlAvailable: true, NodeID: "n1", Nodes: 3, Managers: 1 } } });
    expect(await swarm.swarmInfo()).toEqual({ LocalNodeState: "active", ControlAvailable: true, NodeID: "n1", Nodes: 3, Managers: 1 });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /info"]);
  });

  it("lists a stack's services by its namespace label, with task counts when asked", async () => {
    answer = () => ({ json: [{ ID: "s1", Version: { Index: 7 }, Spec: SPEC }] });
    const services = await swarm.services("demo", { status: true });
    expect(services.map((s) => s.ID)).toEqual(["s1"]);
    expect(seen[0]).toMatchObject({ method: "GET", path: "/services", query: { status: "true", filters: JSON.stringify({ label: ["com.docker.stack.namespace=demo"] }) } });
  });

  it("creates a service with the spec as body and the registry auth header when given", async () => {
    answer = () => ({ status: 201, json: { ID: "new-id", Warnings: ["could not pin"] } });
    expect(await swarm.createService(SPEC, { registryAuth: "e30=" })).toEqual({ id: "new-id", warnings: ["could not pin"] });
    expect(seen[0]).toMatchObject({ method: "POST", path: "/services/create", body: SPEC });
    expect(seen[0]?.headers["x-registry-auth"]).toBe("e30=");
    await swarm.createService(SPEC);
    expect(seen[1]?.headers["x-registry-auth"]).toBeUndefined();
  });

  it("updates a service at the version it was read at", async () => {
    answer = () => ({ json: { Warnings: null } });
    expect(await swarm.updateService("s1", 12, SPEC)).toEqual({ warnings: [] });
    expect(seen[0]).toMatchObject({ method: "POST", path: "/services/s1/update", query: { version: "12" }, body: SPEC });
  });

  it("filters tasks by stack, service and desired state, leaving out unset filters", async () => {
    answer = () => ({ json: [] });
    await swarm.tasks({ stack: "demo", services: ["demo_web"], desiredState: "running" });
    expect(JSON.parse(seen[0]?.query["filters"] ?? "")).toEqual({ label: ["com.docker.stack.namespace=demo"], service: ["demo_web"], "desired-state": ["running"] });
    await swarm.tasks();
    expect(seen[1]?.query["filters"]).toBe("{}");
  });

  it("creates and removes secrets, configs and networks at their paths", async () => {
    answer = (r) => ({ status: r.method === "DELETE" ? 204 : 201, json: r.path === "/networks/create" ? { Id: "net1" } : { ID: "obj1" } });
    const secret = { Name: "demo_pw_0123456789", Labels: { "com.docker.stack.namespace": "demo" }, Data: "cHc=" };
    expect(await swarm.createSecret(secret)).toBe("obj1");
    expect(await swarm.createConfig({ ...secret, Name: "demo_conf_0123456789" })).toBe("obj1");
    expect(await swarm.createNetwork({ Name: "demo_default", Driver: "overlay", Attachable: true, Labels: {} })).toBe("net1");
    await swarm.removeSecret("obj1");
    await swarm.removeConfig("obj1");
    await swarm.removeNetwork("net1");
    await swarm.removeService("demo_web");
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /secrets/create",
      "POST /configs/create",
      "POST /networks/create",
      "DELETE /secrets/obj1",
      "DELETE /configs/obj1",
      "DELETE /networks/net1",
      "DELETE /services/demo_web",
    ]);
    expect(seen[0]?.body).toEqual(secret);
  });
});

describe("SwarmClient errors", () => {
  it("says how to get a manager when the engine is in no swarm", async () => {
    answer = () => ({ status: 503, json: { message: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' } });
    const error = await swarm.services("demo").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "RuntimeError", status: 503, message: expect.stringContaining("is not a swarm manager") as unknown });
    expect((error as { hint?: string }).hint).toContain("docker swarm init");
  });

  it("says to point at a manager when the engine is a worker", async () => {
    answer = () => ({ status: 503, json: { message: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state." } });
    const error = await swarm.nodes().catch((e: unknown) => e);
    expect((error as { hint?: string }).hint).toContain("DOCKER_HOST");
  });

  it("keeps other failures as the engine's RuntimeError", async () => {
    answer = () => ({ status: 404, json: { message: "service web not found" } });
    await expect(swarm.inspectService("web")).rejects.toMatchObject({ reason: "not-found", status: 404 });
  });
});

describe("SwarmClient.logs", () => {
  const frame = (stream: 1 | 2, text: string) => {
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([header, Buffer.from(text)]);
  };

  it("demultiplexes the stream and takes the task and node from each line's details", async () => {
    const details = "com.docker.swarm.node.id=node1,com.docker.swarm.service.id=svc1,com.docker.swarm.task.id=task1";
    answer = (r) =>
      r.path.endsWith("/logs")
        ? { raw: Buffer.concat([frame(1, `2024-01-01T00:00:00.000000000Z ${details} hello\n`), frame(2, `2024-01-01T00:00:01.000000000Z ${details} oops\n`)]) }
        : { json: { ID: "svc1", Version: { Index: 1 }, Spec: SPEC } };
    const lines = [];
    for await (const line of swarm.logs("demo_web", { timestamps: true, tail: 10 })) lines.push(line);
    expect(lines).toEqual([
      { stream: "stdout", text: "hello", time: "2024-01-01T00:00:00.000000000Z", taskId: "task1", nodeId: "node1", serviceId: "svc1" },
      { stream: "stderr", text: "oops", time: "2024-01-01T00:00:01.000000000Z", taskId: "task1", nodeId: "node1", serviceId: "svc1" },
    ]);
    expect(seen[1]).toMatchObject({ path: "/services/demo_web/logs", query: { stdout: "true", stderr: "true", details: "true", follow: "false", timestamps: "true", tail: "10" } });
  });
});
