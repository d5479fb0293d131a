import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { unpackTar } from "../oneoff/archive.js";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";
import { EngineClient } from "./client.js";
import { createContainer } from "./containers.js";

interface Seen {
  readonly method: string;
  readonly url: URL;
  readonly raw: Buffer;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A fake engine on a unix socket (API 1.51) that records requests; `fail` answers a path with a 500. */
async function fakeEngine(fail?: RegExp): Promise<{ client: EngineClient; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://engine");
      seen.push({ method: req.method ?? "", url, raw: Buffer.concat(chunks) });
      const headers = { "Content-Type": "application/json", "Api-Version": "1.51" };
      if (fail?.test(url.pathname)) {
        res.writeHead(500, headers).end(JSON.stringify({ message: "boom" }));
      } else if (url.pathname.endsWith("/containers/create")) {
        res.writeHead(201, headers).end(JSON.stringify({ Id: "c0ffee" }));
      } else {
        res.writeHead(200, headers).end();
      }
    });
  });
  const socket = join(mkdtempSync(join(tmpdir(), "tsc-fake-engine-")), "docker.sock");
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { client: new EngineClient({ host: `unix://${socket}` }), seen };
}

const SPEC: ContainerSpec = { name: "p-app-1", image: "busybox", cmd: ["sleep", "1"] };
const FILES: ContainerSpec["files"] = [
  { path: "/run/secrets/token", content: "secret", mode: 0o444 },
  { path: "/etc/app/env.conf", content: "cfg", mode: 0o600, uid: 123, gid: 456 },
  { path: "/greeting", content: "héllo", mode: 0o444 },
];

describe("createContainer with files", () => {
  it("sends the same create body, then copies the files in with archive PUTs at / before it returns", async () => {
    const plain = await fakeEngine();
    await createContainer(plain.client, SPEC);
    const withFiles = await fakeEngine();
    const id = await createContainer(withFiles.client, { ...SPEC, files: FILES });
    expect(id).toBe("c0ffee");

    const creates = [plain, withFiles].map((e) => e.seen.find((s) => s.url.pathname.endsWith("/containers/create"))!);
    expect(creates[1]!.raw.toString()).toBe(creates[0]!.raw.toString());

    const puts = withFiles.seen.filter((s) => s.method === "PUT");
    expect(puts.map((p) => [p.url.pathname.replace(/^\/v[\d.]+/, ""), Object.fromEntries(p.url.searchParams)])).toEqual([
      ["/containers/c0ffee/archive", { path: "/", noOverwriteDirNonDir: "true" }],
      ["/containers/c0ffee/archive", { path: "/", noOverwriteDirNonDir: "true", copyUIDGID: "true" }],
      ["/containers/c0ffee/archive", { path: "/", noOverwriteDirNonDir: "true" }],
    ]);
    const entries = await Promise.all(puts.map((p) => unpackTar(p.raw)));
    expect(entries.map((list) => list.map((e) => [e.name, e.mode, e.uid, e.gid, Buffer.from(e.content ?? []).toString()]))).toEqual([
      [["run/secrets/token", 0o444, 0, 0, "secret"]],
      [["etc/app/env.conf", 0o600, 123, 456, "cfg"]],
      [["greeting", 0o444, 0, 0, "héllo"]],
    ]);
  });

  it("removes the container when a copy fails, so a failed create leaves nothing behind", async () => {
    const engine = await fakeEngine(/\/archive$/);
    await expect(createContainer(engine.client, { ...SPEC, files: FILES })).rejects.toThrow(/boom/);
    expect(engine.seen.at(-1)).toMatchObject({ method: "DELETE" });
    expect(engine.seen.at(-1)?.url.pathname).toMatch(/\/containers\/c0ffee$/);
  });
});
