import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http, { type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { sshFailure } from "./ssh-channel.js";
import { SshDialer, type SshDialerOptions } from "./ssh-dialer.js";
import { sshArgs, type SshTarget } from "./ssh-url.js";

/**
 * A stand-in for `ssh … docker system dial-stdio`: it logs its pid and arguments, fails as ssh
 * does for the hosts `refused`, `denied` and `nodocker`, and otherwise serves HTTP on its stdio
 * (each answer names its pid; `/hold` never answers), exiting at stdin's end as dial-stdio does.
 */
const FAKE_SSH = `#!/usr/bin/env node
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { Duplex } = require("node:stream");
const args = process.argv.slice(2);
const host = args[args.indexOf("--") + 1];
fs.appendFileSync(path.join(__dirname, "log"), JSON.stringify({ pid: process.pid, args, at: Date.now() }) + "\\n");
const fail = (line, code) => { process.stderr.write("debug noise\\n" + line + "\\n"); process.exit(code); };
if (host === "refused") fail("ssh: connect to host refused port 22: Connection refused", 255);
if (host === "denied") fail("root@denied: Permission denied (publickey).", 255);
if (host === "nodocker") fail("bash: line 1: docker: command not found", 127);
const sock = new Duplex({ read() {}, write(c, e, cb) { process.stdout.write(c, cb); } });
process.stdin.on("data", (c) => sock.push(c));
process.stdin.on("end", () => process.stdout.end(() => process.exit(0)));
const slow = host === "slow" ? 300 : 0;
const server = http.createServer((req, res) => {
  if (req.url === "/hold") return;
  res.setHeader("Api-Version", "1.51");
  setTimeout(() => res.end(JSON.stringify({ pid: process.pid, url: req.url })), slow);
});
server.keepAliveTimeout = 0;
server.emit("connection", sock);
`;

function fakeSsh(): { command: string; log: () => { pid: number; args: string[]; at: number }[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "tsc-fake-ssh-"));
  const command = path.join(dir, "ssh.cjs");
  writeFileSync(command, FAKE_SSH);
  chmodSync(command, 0o755);
  const log = () => {
    try {
      return readFileSync(path.join(dir, "log"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { pid: number; args: string[]; at: number });
    } catch {
      return [];
    }
  };
  return { command, log };
}

const dialers: SshDialer[] = [];
function dialer(target: SshTarget, options: SshDialerOptions): SshDialer {
  const d = new SshDialer(target, { spare: false, ...options });
  dialers.push(d);
  return d;
}
afterEach(() => {
  for (const d of dialers.splice(0)) d.destroy();
});

/** GET `path` through the pool, or on a connection of its own; resolves with the answering pid. */
function get(d: SshDialer, urlPath: string, own = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const createConnection = (_o: unknown, done: (e: Error | null, s: Duplex) => void) => void d.connect(done);
    const req = http.request({ path: urlPath, headers: { Host: "docker" }, ...(own ? { agent: undefined, createConnection } : { agent: d.agent }) } as http.RequestOptions, (res: IncomingMessage) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve((JSON.parse(body) as { pid: number }).pid));
    });
    req.on("error", reject);
    req.end();
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("SshDialer", () => {
  it("speaks HTTP over one ssh's stdio, with the docker CLI's arguments, and reuses it", async () => {
    const fake = fakeSsh();
    const target = { user: "root", host: "box", port: "2222" };
    const d = dialer(target, { command: fake.command });
    const pids = [await get(d, "/_ping"), await get(d, "/version"), await get(d, "/containers/json")];
    expect(new Set(pids).size).toBe(1);
    expect(fake.log().map(({ pid, args }) => ({ pid, args }))).toEqual([{ pid: pids[0], args: sshArgs(target) }]);
  });

  it("opens at most maxPooled sshs for parallel requests; the others wait for one", async () => {
    const fake = fakeSsh();
    const d = dialer({ host: "box" }, { command: fake.command, maxPooled: 2 });
    const pids = await Promise.all(Array.from({ length: 8 }, (_, i) => get(d, `/r${i}`)));
    expect(new Set(pids).size).toBeLessThanOrEqual(2);
    expect(fake.log().length).toBeLessThanOrEqual(2);
  });

  it("gives a stream its own ssh, so a held answer never blocks the pool", async () => {
    const fake = fakeSsh();
    const d = dialer({ host: "box" }, { command: fake.command, maxPooled: 1 });
    const pooled = await get(d, "/_ping");
    void get(d, "/hold", true).catch(() => undefined);
    await expect(get(d, "/_ping")).resolves.toBe(pooled);
    await expect.poll(() => fake.log().length).toBe(2);
  });

  it("starts at most maxHandshakes logins at once: the next waits until one answers", async () => {
    const fake = fakeSsh();
    const d = dialer({ host: "slow" }, { command: fake.command, maxHandshakes: 1 });
    const pids = await Promise.all([get(d, "/a", true), get(d, "/b", true), get(d, "/c", true)]);
    expect(new Set(pids).size).toBe(3);
    const starts = fake.log().map((l) => l.at);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(250);
  });

  it("keeps one spare ssh logging in ahead of need and hands it to the next new connection", async () => {
    const fake = fakeSsh();
    const d = dialer({ host: "box" }, { command: fake.command, spare: true });
    const pooled = await get(d, "/_ping");
    await expect.poll(() => fake.log().length).toBe(2);
    const spare = fake.log().find((l) => l.pid !== pooled)?.pid;
    expect(await get(d, "/stream", true)).toBe(spare);
    // Taking the spare starts the next one.
    await expect.poll(() => fake.log().length).toBe(3);
  });

  it("ends every ssh it started when destroyed", async () => {
    const fake = fakeSsh();
    const d = dialer({ host: "box" }, { command: fake.command, spare: true });
    await get(d, "/_ping");
    void get(d, "/hold", true).catch(() => undefined);
    await expect.poll(() => fake.log().length).toBeGreaterThanOrEqual(3);
    d.destroy();
    const pids = fake.log().map((l) => l.pid);
    await expect.poll(() => pids.filter(alive)).toEqual([]);
  });

  it.each([
    ["refused", "ssh: connect to host refused port 22: Connection refused", /Check that `ssh -l root refused docker version` works/],
    ["denied", "root@denied: Permission denied (publickey).", /your key or ssh agent/],
    ["nodocker", "bash: line 1: docker: command not found", /Install Docker \(18\.09 or later\) on nodocker/],
  ])("fails for host %s with one unreachable error naming it and ssh's last line", async (host, line, hint) => {
    const fake = fakeSsh();
    const d = dialer({ user: "root", host }, { command: fake.command });
    const error = await get(d, "/_ping").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error).toMatchObject({ reason: "unreachable", message: `cannot reach the Docker Engine at ssh://root@${host} (${line})` });
    expect((error as RuntimeError).hint).toMatch(hint);
  });

  it("a spare that fails as its first connection did is dropped quietly, and no more are started", async () => {
    const fake = fakeSsh();
    const d = dialer({ user: "root", host: "denied" }, { command: fake.command, spare: true });
    await expect(get(d, "/_ping")).rejects.toMatchObject({ reason: "unreachable" });
    await expect.poll(() => fake.log().length).toBe(2);
    await expect(get(d, "/stream", true)).rejects.toMatchObject({ reason: "unreachable" });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.log().length).toBeLessThanOrEqual(3);
  });

  it("fails clearly when there is no ssh program", async () => {
    const d = dialer({ host: "box" }, { command: path.join(tmpdir(), "no-such-dir", "ssh") });
    await expect(get(d, "/_ping")).rejects.toMatchObject({ reason: "unreachable", message: "cannot reach the Docker Engine at ssh://box (the ssh program was not found)" });
  });
});

describe("sshFailure", () => {
  it("falls back to the exit code when ssh said nothing, and blames dial-stdio for other codes", () => {
    const e = sshFailure("ssh://h", { host: "h" }, { code: 1, stderr: "\n" });
    expect(e.message).toBe("cannot reach the Docker Engine at ssh://h (ssh exited with code 1)");
    expect(e.hint).toMatch(/remote `docker system dial-stdio` failed/);
    const daemon = sshFailure("ssh://u@h", { user: "u", host: "h" }, { code: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\r\n" });
    expect(daemon.message).toBe("cannot reach the Docker Engine at ssh://u@h (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)");
  });
});
