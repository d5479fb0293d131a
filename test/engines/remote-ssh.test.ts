import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadStack } from "../../api/index.js";
import { runCli } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { containersOf, eventually, expectExit, freePort, Projects } from "../kits/up-kit.js";
import { expectFile, LONG_RUNNING_YAML, ready, stopLive, WatchTests, write } from "../kits/watch-kit.js";

// A remote engine over ssh, as users reach one with DOCKER_HOST=ssh://user@host: a private sshd
// on 127.0.0.1 (scripts/ssh-engine.sh: key auth only, its own keys, nothing in ~/.ssh touched)
// in front of the local engine. Every command goes through ssh; every check reads the engine
// through its local socket (engine.runtime), never through the connection under test.
const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/ssh-engine.sh");
const engine = await engineOrSkip("remote engines over ssh");
const sshd = engine ? startSshd() : undefined;

/** Runs scripts/ssh-engine.sh: the DOCKER_HOST and the folder of its ssh wrapper, or why not (a CI failure, else a skip). */
function startSshd(): { dockerHost: string; binDir: string } | undefined {
  const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", timeout: 300_000 });
  const host = /^export DOCKER_HOST=(\S+)$/m.exec(r.stdout ?? "")?.[1];
  const bin = /^export PATH=(\S+):\$PATH$/m.exec(r.stdout ?? "")?.[1];
  if (r.status === 0 && host && bin) return { dockerHost: host, binDir: bin };
  const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n").at(-1);
  if (process.env.CI === "true") throw new Error(`remote engines over ssh: scripts/ssh-engine.sh must start sshd under CI=true: ${why}`);
  console.warn(`\n[skipped] remote engines over ssh: sshd could not be started: ${why}\n  Run scripts/ssh-engine.sh as root to see why.\n`);
  return undefined;
}

const projects = new Projects(() => engine?.runtime);
const tests = new WatchTests();
const sshPath = () => `${sshd!.binDir}:${process.env.PATH ?? ""}`;
/** The environment of a CLI run through ssh: DOCKER_HOST and a PATH whose `ssh` carries the test key. */
const viaSsh = (extra: Record<string, string> = {}) => tests.env({ DOCKER_HOST: sshd!.dockerHost, PATH: sshPath(), ...extra });
const port = () => new URL(sshd!.dockerHost).port;

/** `web` (healthy, a named volume, a relative bind of ./conf, a sync watch on ./src) and `worker`, which waits for web's health. */
function remoteProject(): string {
  return tests.dir({
    "compose.yaml": `services:
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo web says hello; mkdir -p /app; trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    volumes:
      - data:/data
      - ./conf:/mnt/conf:ro
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
  worker:
    image: tscompose-busybox:latest
    command: ${LONG_RUNNING_YAML}
    depends_on:
      web:
        condition: service_healthy
volumes:
  data: {}
`,
    "src/a.txt": "a\n",
    "conf/app.conf": "x=1\n",
  });
}

/** Client-side `ssh … dial-stdio` processes for our sshd that this test process did not start. */
function strayClients(): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.includes(`-p ${port()}`) && l.includes("dial-stdio") && !l.includes("sshd"))
    .filter((l) => Number(l.trim().split(/\s+/)[1]) !== process.pid);
}

describe.skipIf(!engine || !sshd)("remote engines over ssh", () => {
  afterEach(async () => {
    await tests.cleanup();
    await projects.cleanup();
  });
  afterAll(() => projects.cleanup());

  it("up -d --wait, ps and logs work through DOCKER_HOST=ssh://, and no ssh outlives the CLI", async () => {
    const project = projects.next("tsc-ssh-up");
    const dir = remoteProject();
    const started = Date.now();
    const up = await tests.run(dir, project, ["up", "-d", "--wait"], viaSsh());
    const seconds = (Date.now() - started) / 1000;
    expectExit(up, 0);
    // A relative bind source meets a remote engine: one warning that the engine mounts its own host's path.
    expect(up.stderr.match(/bind source \.\/conf is .* but the engine at ssh:\/\/.* is remote/g) ?? [], up.stderr).toHaveLength(1);
    console.info(`[remote-ssh] up -d --wait of 2 services (healthcheck-gated) through ssh: ${seconds.toFixed(2)} s`);
    const containers = await containersOf(engine!.runtime, project);
    expect(containers.map((c) => [c.name, c.status])).toEqual([
      [`${project}-web-1`, "running"],
      [`${project}-worker-1`, "running"],
    ]);
    expect((await engine!.runtime.inspectContainer(`${project}-web-1`)).state.health).toBe("healthy");

    const ps = await tests.run(dir, project, ["ps", "--format", "{{.Name}} {{.Health}}"], viaSsh());
    expectExit(ps, 0);
    expect(ps.stdout).toBe(`${project}-web-1 healthy\n${project}-worker-1 \n`);
    const logs = await tests.run(dir, project, ["logs", "--no-log-prefix", "web"], viaSsh());
    expectExit(logs, 0);
    expect(logs.stdout).toBe("web says hello\n");
    await eventually(async () => strayClients().length === 0, `no ssh client left after the CLI exits (${strayClients().join("; ")})`, 10_000);
  });

  it("exec and run --rm carry stdin, output and exit codes through ssh; cp copies both ways", async () => {
    const project = projects.next("tsc-ssh-oneoff");
    const dir = remoteProject();
    expectExit(await tests.run(dir, project, ["up", "-d"], viaSsh()), 0);
    const cli = (args: string[], stdin?: string) => runCli({ cwd: dir, args: ["--progress", "plain", "-p", project, ...args], env: viaSsh(), timeoutMs: 90_000, ...(stdin !== undefined ? { stdin } : {}) });

    const exec = await cli(["exec", "-T", "web", "sh", "-c", "cat; echo to-stderr >&2; exit 3"], "piped in\n");
    expect([exec.code, exec.stdout, exec.stderr]).toEqual([3, "piped in\n", "to-stderr\n"]);
    const run = await cli(["run", "--rm", "-T", "--no-deps", "worker", "sh", "-c", "echo one-off; exit 4"]);
    expectExit(run, 4);
    expect(run.stdout).toContain("one-off\n");
    // --rm removed the one-off container on the engine.
    expect((await containersOf(engine!.runtime, project)).map((c) => c.name)).toEqual([`${project}-web-1`, `${project}-worker-1`]);

    write(dir, "to-send.txt", "sent over ssh\n");
    expectExit(await cli(["cp", "to-send.txt", "web:/tmp/received.txt"]), 0);
    expect((await engine!.runtime.exec(`${project}-web-1`, { cmd: ["cat", "/tmp/received.txt"] })).stdout).toBe("sent over ssh\n");
    expectExit(await cli(["cp", "web:/tmp/received.txt", "back.txt"]), 0);
    expect(readFileSync(path.join(dir, "back.txt"), "utf8")).toBe("sent over ssh\n");
  });

  it("down -v through ssh removes the containers, the network and the named volume", async () => {
    const project = projects.next("tsc-ssh-down");
    const dir = remoteProject();
    expectExit(await tests.run(dir, project, ["up", "-d"], viaSsh()), 0);
    expect(await engine!.runtime.inspectVolume(`${project}_data`)).toBeDefined();
    expectExit(await tests.run(dir, project, ["down", "-v", "-t", "1"], viaSsh()), 0);
    const labels = { "com.docker.compose.project": project };
    expect(await engine!.runtime.listContainers({ all: true, labels })).toEqual([]);
    expect(await engine!.runtime.listNetworks({ labels })).toEqual([]);
    expect(await engine!.runtime.listVolumes({ labels })).toEqual([]);
  });

  it("20 services come up side by side through an sshd with the default MaxStartups (logins are pooled and gated)", async () => {
    const project = projects.next("tsc-ssh-wide");
    const names = Array.from({ length: 20 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
    const dir = tests.dir({ "compose.yaml": `services:\n${names.map((n) => `  ${n}:\n    image: tscompose-busybox:latest\n    command: ${LONG_RUNNING_YAML}\n`).join("")}` });
    expectExit(await tests.run(dir, project, ["up", "-d"], viaSsh()), 0);
    const containers = await containersOf(engine!.runtime, project);
    expect(containers.map((c) => c.status)).toEqual(names.map(() => "running"));
  });

  it("watch syncs a changed file into the container through ssh", async () => {
    const project = projects.next("tsc-ssh-watch");
    const dir = remoteProject();
    const watcher = tests.start(dir, project, ["watch"], viaSsh());
    await watcher.waitFor(ready(project), 90_000);
    write(dir, "src/a.txt", "changed on this machine\n");
    await expectFile(engine!.runtime, `${project}-web-1`, "/app/a.txt", "changed on this machine\n", 30_000);
    expect(await stopLive(watcher)).toBe(0);
  });

  it("the TypeScript API reaches the engine through ssh with env DOCKER_HOST=ssh://", async () => {
    const dir = remoteProject();
    // The API's ssh runs with this process's environment, as the docker CLI's does: its PATH finds the test's ssh.
    const savedPath = process.env.PATH;
    process.env.PATH = sshPath();
    try {
      const stack = await loadStack({ cwd: dir, env: { DOCKER_HOST: sshd!.dockerHost } });
      try {
        await stack.up();
        const ps = await stack.ps();
        expect(ps.map((c) => [c.Service, c.State])).toEqual([
          ["web", "running"],
          ["worker", "running"],
        ]);
        expect((await containersOf(engine!.runtime, stack.name)).map((c) => c.status)).toEqual(["running", "running"]);
      } finally {
        await stack.down({ volumes: true });
      }
      expect(await engine!.runtime.listContainers({ all: true, labels: { "com.docker.compose.project": stack.name } })).toEqual([]);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it("a docker context with an ssh endpoint (naming the remote socket) is used as DOCKER_HOST=ssh:// would be", async () => {
    const project = projects.next("tsc-ssh-context");
    const dir = remoteProject();
    const config = path.join(dir, "docker-config");
    const meta = path.join(config, "contexts/meta", createHash("sha256").update("remote").digest("hex"));
    mkdirSync(meta, { recursive: true });
    writeFileSync(path.join(meta, "meta.json"), JSON.stringify({ Name: "remote", Metadata: {}, Endpoints: { docker: { Host: `${sshd!.dockerHost}/var/run/docker.sock`, SkipTLSVerify: false } } }));
    writeFileSync(path.join(config, "config.json"), JSON.stringify({ currentContext: "remote" }));
    const env = tests.env({ DOCKER_CONFIG: config, PATH: sshPath() });
    expectExit(await tests.run(dir, project, ["up", "-d", "worker", "--no-deps"], env), 0);
    expect((await containersOf(engine!.runtime, project)).map((c) => c.name)).toEqual([`${project}-worker-1`]);
    const ps = await tests.run(dir, project, ["ps", "--format", "{{.Name}}"], env);
    expectExit(ps, 0);
    expect(ps.stdout).toBe(`${project}-worker-1\n`);
  });

  it("an unreachable host, a refused key or no engine behind ssh is one clear error naming the address and what ssh said", async () => {
    const dir = remoteProject();
    const closed = await freePort();
    const unreachable = await tests.run(dir, projects.next("tsc-ssh-nohost"), ["ps"], viaSsh({ DOCKER_HOST: `ssh://root@127.0.0.1:${closed}` }));
    expectExit(unreachable, 1);
    expect(unreachable.stderr).toBe(
      `error: cannot reach the Docker Engine at ssh://root@127.0.0.1:${closed} (ssh: connect to host 127.0.0.1 port ${closed}: Connection refused)\n` +
        `  hint: Check that \`ssh -l root -p ${closed} 127.0.0.1 docker version\` works from this shell: the host and port, your key or ssh agent, and ~/.ssh/config (tscompose runs ssh as the docker CLI does).\n`,
    );
    const refused = await tests.run(dir, projects.next("tsc-ssh-nokey"), ["ps"], viaSsh({ DOCKER_HOST: `ssh://nobody@127.0.0.1:${port()}` }));
    expectExit(refused, 1);
    expect(refused.stderr).toContain(`error: cannot reach the Docker Engine at ssh://nobody@127.0.0.1:${port()} (nobody@127.0.0.1: Permission denied (publickey).)\n`);
    // ssh works, but no engine answers on the far side.
    const noEngine = await tests.run(dir, projects.next("tsc-ssh-nosock"), ["ps"], viaSsh({ DOCKER_HOST: `${sshd!.dockerHost}/nonexistent.sock` }));
    expectExit(noEngine, 1);
    expect(noEngine.stderr).toContain(`error: cannot reach the Docker Engine at ${sshd!.dockerHost}/nonexistent.sock (`);
    expect(noEngine.stderr).toContain("/nonexistent.sock");
    expect(noEngine.stderr).toContain("hint: The remote `docker system dial-stdio` failed");
  });
});
