import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { runDocker } from "../helpers/reference-compose.js";
import { oneNodeSwarm, type OneNodeSwarm } from "../helpers/swarm-cluster.js";
import { fixture } from "../kits/up-kit.js";

// `tscompose stack run` on a one-node Swarm (the test engine, made a manager and left afterwards).
// This kernel has no IPVS: the service uses endpoint_mode dnsrr.
const engine = await engineOrSkip("stack run (one-node swarm)");
const dir = fixture("swarm-run");
const stack = `tscrun${randomBytes(3).toString("hex")}`;
let swarm: OneNodeSwarm | undefined;

function tsc(args: readonly string[], timeoutMs = 60_000): Promise<CliResult> {
  return runCli({ cwd: dir, args: ["--progress", "plain", "-p", stack, ...args], env: { DOCKER_HOST: swarm!.host }, timeoutMs });
}

async function docker(...args: string[]): Promise<string> {
  const r = await runDocker(args, { env: { DOCKER_HOST: swarm!.host } });
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function exits(r: CliResult, code: number): CliResult {
  expect(r.code, `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
  return r;
}

/** The stack's one-off containers, in any state. */
async function oneOffs(): Promise<string[]> {
  const out = await docker("ps", "-a", "--filter", `label=com.docker.stack.namespace=${stack}`, "--filter", "label=com.docker.compose.oneoff=True", "--format", "{{.Names}}");
  return out.split("\n").filter(Boolean);
}

describe.skipIf(!engine)("stack run on a one-node swarm", () => {
  beforeAll(async () => {
    swarm = await oneNodeSwarm();
    exits(await tsc(["stack", "deploy", "--wait", "--wait-timeout", "90"], 120_000), 0);
  }, 180_000);

  afterAll(async () => {
    if (!swarm) return;
    await tsc(["stack", "rm"]).catch(() => undefined);
    // stack rm keeps volumes (as docker stack rm); this one is the test's, in use until the last
    // task's container is gone, which may be a moment after its task.
    for (let i = 0; i < 40; i++) {
      const rm = await runDocker(["volume", "rm", "-f", `${stack}_data`], { env: { DOCKER_HOST: swarm.host } });
      if (rm.code === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await swarm.stop();
  }, 120_000);

  it("resolves the service's tasks and reaches them over the stack's overlay network", async () => {
    const r = exits(await tsc(["stack", "run", "web", "sh", "-c", "nslookup tasks.web | grep -c '^Address'; wget -q -O - http://web/passwd | head -1"]), 0);
    // nslookup prints the server's address and one per task.
    expect(r.stdout.trim().split("\n")).toEqual(["3", "root:x:0:0:root:/root:/bin/sh"]);
    expect(await oneOffs()).toEqual([]);
  });

  it("does not join the service's name: its own address is not among the service's", async () => {
    const r = exits(await tsc(["stack", "run", "web", "sh", "-c", "hostname -i; nslookup web | sed -n 's/^Address: //p'"]), 0);
    const [own, ...service] = r.stdout.trim().split("\n");
    expect(service).toHaveLength(2);
    expect(service).not.toContain(own);
  });

  it("passes the one-off's exit code through and removes it, --rm or not", async () => {
    exits(await tsc(["stack", "run", "web", "sh", "-c", "exit 3"]), 3);
    const r = exits(await tsc(["stack", "run", "--rm", "web", "sh", "-c", "echo out; echo err >&2"]), 0);
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toMatch(/^err$/m);
    expect(await oneOffs()).toEqual([]);
  });

  it("takes -e, -u and -w over the service's environment, user and dir, and mounts its volume", async () => {
    const r = exits(await tsc(["stack", "run", "-e", "GREETING=hi", "-e", "ROLE=one-off", "-u", "1000", "-w", "/tmp", "web", "sh", "-c", "echo $GREETING $ROLE $(id -u) $(pwd); cat /data/marker"]), 0);
    expect(r.stdout.trim().split("\n")).toEqual(["hi one-off 1000 /tmp", "from-the-task"]);
  });

  it("warns that the service's secret is not there, and runs without it", async () => {
    const r = exits(await tsc(["stack", "run", "web", "sh", "-c", "test -e /run/secrets/token && echo present || echo absent"]), 0);
    expect(r.stdout.trim()).toBe("absent");
    expect(r.stderr).toMatch(new RegExp(`service web uses secret ${stack}_token_[0-9a-f]{10}: Swarm mounts those only into its own tasks`));
  });

  it("names the stack's services when asked for one it does not have, and creates nothing", async () => {
    const r = exits(await tsc(["stack", "run", "nope", "true"]), 1);
    expect(r.stderr).toContain(`service nope is not part of stack ${stack}`);
    expect(r.stderr).toContain("The stack's services are: web.");
    expect(await oneOffs()).toEqual([]);
  });
});
