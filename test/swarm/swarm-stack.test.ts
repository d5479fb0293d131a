import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, runCli, type CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { runDocker } from "../helpers/reference-compose.js";
import { oneNodeSwarm } from "../helpers/swarm-cluster.js";

// One-node Swarm on the test engine (`docker swarm init --advertise-addr 127.0.0.1`, left afterwards).
// This kernel has no IPVS: services use endpoint_mode dnsrr and host-mode ports.
const engine = await engineOrSkip("stack (one-node swarm)");
let swarm: Awaited<ReturnType<typeof oneNodeSwarm>> | undefined;
const dirs: string[] = [];
const stacks: string[] = [];

const WEB = `
    image: tscompose-busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/passwd"]
      interval: 1s
      start_period: 5s
      start_interval: 1s`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tsc-swarm-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function stackName(prefix: string): string {
  const name = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
  stacks.push(name);
  return name;
}

/** Runs the CLI inside a pseudo-terminal (`script`), stdin and stdout both terminals. */
function inTerminal(dir: string, args: readonly string[]): Promise<CliResult> {
  const quoted = ["node", CLI_PATH, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", quoted, "/dev/null"], { cwd: dir, env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", DOCKER_HOST: swarm!.host }, stdio: ["pipe", "pipe", "pipe"], timeout: 60_000, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function tsc(dir: string, args: readonly string[], timeoutMs = 90_000): Promise<CliResult> {
  return runCli({ cwd: dir, args, env: { DOCKER_HOST: swarm!.host }, timeoutMs });
}

async function docker(...args: string[]): Promise<string> {
  const r = await runDocker(args, { env: { DOCKER_HOST: swarm!.host } });
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function ok(r: CliResult): CliResult {
  expect(r.code, `exit ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** Service name → its Version.Index and its running tasks' IDs. */
async function serviceState(stack: string): Promise<Record<string, { version: number; tasks: string[] }>> {
  const ids = (await docker("service", "ls", "-q", "--filter", `label=com.docker.stack.namespace=${stack}`)).split("\n").filter(Boolean);
  const out: Record<string, { version: number; tasks: string[] }> = {};
  for (const id of ids) {
    const [name, version] = (await docker("service", "inspect", id, "--format", "{{.Spec.Name}} {{.Version.Index}}")).split(" ");
    const tasks = (await docker("service", "ps", id, "-q", "--filter", "desired-state=running")).split("\n").filter(Boolean).sort();
    out[name ?? id] = { version: Number(version), tasks };
  }
  return out;
}

/** Everything on the Swarm that carries the stack's namespace label. */
async function leftovers(stack: string): Promise<string[]> {
  const label = `label=com.docker.stack.namespace=${stack}`;
  const [services, networks, secrets, configs] = await Promise.all([
    docker("service", "ls", "--filter", label, "--format", "service {{.Name}}"),
    docker("network", "ls", "--filter", label, "--format", "network {{.Name}}"),
    docker("secret", "ls", "--filter", label, "--format", "secret {{.Name}}"),
    docker("config", "ls", "--filter", label, "--format", "config {{.Name}}"),
  ]);
  return [services, networks, secrets, configs].flatMap((s) => s.split("\n")).filter(Boolean);
}

async function execIn(stack: string, dir: string, service: string, script: string): Promise<CliResult> {
  return tsc(dir, ["-p", stack, "stack", "exec", service, "sh", "-c", script]);
}

describe.skipIf(!engine)("stack on a one-node swarm", () => {
  beforeAll(async () => {
    swarm = await oneNodeSwarm();
  }, 120_000);

  afterAll(async () => {
    if (swarm) {
      for (const stack of stacks) await runDocker(["stack", "rm", stack], { env: { DOCKER_HOST: swarm.host } });
      await swarm.stop();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("deploys with --wait: healthy replicas that find each other over the overlay, .env read, secrets and configs in place, a host-mode port published", async () => {
    const stack = stackName("tscst");
    const dir = project({
      "compose.yaml": `
services:
  web:${WEB}
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
  client:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "httpd -p 80 -h /etc; exec sleep 3600"]
    stop_grace_period: 1s
    environment:
      GREETING: \${GREETING:-unset}
    secrets: [token]
    configs:
      - source: motd
        target: /etc/motd
    ports:
      - target: 80
        published: 18081
        mode: host
secrets:
  token:
    environment: TOKEN
configs:
  motd:
    content: "hello from a config"
`,
      ".env": "GREETING=from-dotenv\nTOKEN=s3cret\n",
    });
    ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait", "--wait-timeout", "90"]));
    const state = await serviceState(stack);
    expect(Object.keys(state).sort()).toEqual([`${stack}_client`, `${stack}_web`]);
    expect(state[`${stack}_web`]?.tasks).toHaveLength(2);
    // docker stack sees a tscompose stack.
    expect(await docker("stack", "ls", "--format", "{{.Name}} {{.Services}}")).toContain(`${stack} 2`);

    const inside = ok(await execIn(stack, dir, "client", "echo $GREETING; cat /run/secrets/token; echo; cat /etc/motd; echo; nslookup tasks.web | grep -c '^Address' ; wget -qO- http://web/group | head -1"));
    const lines = inside.stdout.trim().split("\n");
    expect(lines[0]).toBe("from-dotenv");
    expect(lines[1]).toBe("s3cret");
    expect(lines[2]).toBe("hello from a config");
    // nslookup prints the server's address and one per task.
    expect(Number(lines[3])).toBe(3);
    expect(lines[4]).toBe("root:x:0:");
    // The host-mode port is published on the node itself (no routing mesh needed).
    expect(await (await fetch("http://127.0.0.1:18081/group")).text()).toMatch(/^root:x:0:/);

    const services = ok(await tsc(dir, ["-p", stack, "stack", "services", "--format", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l) as { Name: string; Replicas: string; Ports: string });
    expect(services.map((s) => [s.Name, s.Replicas])).toEqual([[`${stack}_client`, "1/1"], [`${stack}_web`, "2/2"]]);
    const ps = ok(await tsc(dir, ["-p", stack, "stack", "ps", "--format", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l) as { Name: string; CurrentState: string });
    expect(ps.filter((t) => t.CurrentState === "Running").map((t) => t.Name).sort()).toEqual([`${stack}_client.1`, `${stack}_web.1`, `${stack}_web.2`]);
  });

  it("a redeploy of an unchanged file changes nothing; a changed service rolls over and a changed secret is a new object, the old one removed", async () => {
    const stack = stackName("tscrd");
    const file = (greeting: string) => `
services:
  web:${WEB}
    deploy:
      endpoint_mode: dnsrr
  client:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    environment:
      GREETING: ${greeting}
    secrets: [token]
secrets:
  token:
    environment: TOKEN
`;
    const dir = project({ "compose.yaml": file("one"), ".env": "TOKEN=first\n" });
    ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait"]));
    const before = await serviceState(stack);
    const again = ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait"]));
    expect(again.stderr).not.toMatch(/Updat/);
    expect(await serviceState(stack)).toEqual(before);

    writeFileSync(path.join(dir, "compose.yaml"), file("two"));
    writeFileSync(path.join(dir, ".env"), "TOKEN=second\n");
    ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait"]));
    const after = await serviceState(stack);
    // web is untouched; client has a new version and a new task.
    expect(after[`${stack}_web`]).toEqual(before[`${stack}_web`]);
    expect(after[`${stack}_client`]?.version).toBeGreaterThan(before[`${stack}_client`]?.version ?? 0);
    expect(after[`${stack}_client`]?.tasks).not.toEqual(before[`${stack}_client`]?.tasks);
    expect(ok(await execIn(stack, dir, "client", "echo $GREETING; cat /run/secrets/token")).stdout.trim().split("\n")).toEqual(["two", "second"]);
    const secrets = (await docker("secret", "ls", "--filter", `label=com.docker.stack.namespace=${stack}`, "--format", "{{.Name}}")).split("\n");
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatch(new RegExp(`^${stack}_token_[0-9a-f]{10}$`));
  });

  it("--wait fails at once with the failing task's own error; orphans are reported, and removed with --prune", async () => {
    const stack = stackName("tscwf");
    const dir = project({
      "compose.yaml": `
services:
  ok:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
  bad:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo boom; exit 3"]
    deploy:
      restart_policy:
        condition: none
`,
    });
    const failed = await tsc(dir, ["-p", stack, "stack", "deploy", "--wait", "--wait-timeout", "60"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`service ${stack}_bad of stack ${stack} did not converge: task \\w+ on node \\S+ failed: task: non-zero exit \\(3\\)`));

    writeFileSync(path.join(dir, "compose.yaml"), `
services:
  ok:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
`);
    const kept = ok(await tsc(dir, ["-p", stack, "stack", "deploy"]));
    expect(kept.stderr).toContain(`Found orphan services (${stack}_bad) of stack ${stack}`);
    expect(Object.keys(await serviceState(stack)).sort()).toEqual([`${stack}_bad`, `${stack}_ok`]);
    ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--prune"]));
    expect(Object.keys(await serviceState(stack))).toEqual([`${stack}_ok`]);
  });

  it("--wait returns once job services completed (replicated-job, global-job) beside a running service, and again at once on an unchanged redeploy; a failing job fails it", async () => {
    const stack = stackName("tscjob");
    const dir = project({
      "compose.yaml": `
services:
  migrate:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo migrated"]
    deploy:
      mode: replicated-job
      replicas: 2
  once:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo once"]
    deploy:
      mode: global-job
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_grace_period: 1s
`,
      "broken.yaml": `
services:
  broken:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "exit 3"]
    deploy:
      mode: replicated-job
      restart_policy:
        condition: none
`,
    });
    const first = ok(await tsc(dir, ["--progress", "plain", "-p", stack, "stack", "deploy", "--wait", "--wait-timeout", "60"]));
    expect(first.stderr).toMatch(new RegExp(`Service ${stack}_migrate +Completed 2/2 completed`));
    expect(first.stderr).toMatch(new RegExp(`Service ${stack}_once +Completed 1/1 completed`));
    const dockerView = await docker("stack", "services", stack, "--format", "{{.Name}} {{.Mode}} {{.Replicas}}");
    expect(dockerView.split("\n")).toContain(`${stack}_migrate replicated job 0/2 (2/2 completed)`);
    // tscompose stack services prints what docker stack services prints.
    const ours = ok(await tsc(dir, ["-p", stack, "stack", "services", "--format", "{{.Name}} {{.Mode}} {{.Replicas}}"])).stdout.trim();
    expect(ours.split("\n").sort()).toEqual(dockerView.split("\n").sort());
    const again = ok(await tsc(dir, ["--progress", "plain", "-p", stack, "stack", "deploy", "--wait", "--wait-timeout", "20"]));
    expect(again.stderr).toMatch(new RegExp(`Service ${stack}_migrate +Completed 2/2 completed`));

    const bad = stackName("tscjobf");
    const failed = await tsc(dir, ["-f", "broken.yaml", "-p", bad, "stack", "deploy", "--wait", "--wait-timeout", "60"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`service ${bad}_broken of stack ${bad} did not converge: task \\w+ on node \\S+ failed: task: non-zero exit \\(3\\)`));
  });

  it("logs, scale --wait and exec act on the stack's tasks; exec passes the exit code through", async () => {
    const stack = stackName("tscls");
    const dir = project({
      "compose.yaml": `
services:
  talker:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo hello-from-$$(hostname); exec sleep 3600"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
`,
    });
    ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait"]));
    ok(await tsc(dir, ["-p", stack, "stack", "scale", "talker=3", "--wait"]));
    const services = ok(await tsc(dir, ["-p", stack, "stack", "services"])).stdout;
    expect(services).toMatch(new RegExp(`${stack}_talker\\s+replicated\\s+3/3`));
    const logs = ok(await tsc(dir, ["-p", stack, "stack", "logs", "talker"])).stdout.trim().split("\n").sort();
    expect(logs).toHaveLength(3);
    for (const [i, line] of logs.entries()) expect(line).toMatch(new RegExp(`^talker\\.${i + 1}@\\S+ +\\| hello-from-\\w+$`));
    expect((await execIn(stack, dir, "talker", "exit 7")).code).toBe(7);
    // stdin reaches the command, as with exec; in a terminal it gets a TTY, not with -T.
    expect(ok(await runCli({ cwd: dir, args: ["-p", stack, "stack", "exec", "talker", "cat"], env: { DOCKER_HOST: swarm!.host }, stdin: "piped in\n" })).stdout).toBe("piped in\n");
    const ttyCheck = ["sh", "-c", "test -t 0 && test -t 1 && echo tty || echo notty"];
    expect((await inTerminal(dir, ["-p", stack, "stack", "exec", "talker", ...ttyCheck])).stdout).toMatch(/^tty\r*\n/);
    expect((await inTerminal(dir, ["-p", stack, "stack", "exec", "-T", "talker", ...ttyCheck])).stdout).toMatch(/^notty\r*\n/);

    // docker stack manages a tscompose stack: it lists its services and removes it.
    expect(await docker("stack", "services", stack, "--format", "{{.Name}} {{.Replicas}}")).toBe(`${stack}_talker 3/3`);
    await docker("stack", "rm", stack);
    const deadline = Date.now() + 30_000;
    while ((await leftovers(stack)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await leftovers(stack)).toEqual([]);
  });

  it("refuses what Swarm cannot deploy before contacting it, changes nothing with --dry-run, and warns, with the file position, about what it leaves out", async () => {
    const stack = stackName("tscbad");
    const dir = project({
      "compose.yaml": `
services:
  web:
    build: .
    ports: ["8000-8001:80"]
`,
    });
    const refused = await tsc(dir, ["-p", stack, "stack", "deploy"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/compose\.yaml:\d+:\d+ services\.web/);
    expect(await leftovers(stack)).toEqual([]);

    const warnDir = project({
      "compose.yaml": `
services:
  web:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    container_name: fixed
    stop_grace_period: 1s
`,
    });
    // --dry-run reads the Swarm and says what it would do, and changes nothing.
    const dry = ok(await tsc(warnDir, ["--dry-run", "-p", stack, "stack", "deploy", "--wait"]));
    expect(dry.stderr).toContain(`DRY-RUN create network ${stack}_default`);
    expect(dry.stderr).toContain(`DRY-RUN create service ${stack}_web`);
    expect(await leftovers(stack)).toEqual([]);

    const warned = ok(await tsc(warnDir, ["-p", stack, "stack", "deploy"]));
    expect(warned.stderr).toMatch(/WARN compose\.yaml:6:\d+ services\.web\.container_name: /);
  });

  it("stack rm removes what the stack made and nothing else; a stack made by docker stack deploy is seen and removed too", async () => {
    const stack = stackName("tscrm");
    await docker("network", "create", "--driver", "overlay", "--attachable", `${stack}-ext`);
    try {
      const dir = project({
        "compose.yaml": `
services:
  app:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    networks: [default, shared]
    configs: [settings]
networks:
  shared:
    external: true
    name: ${stack}-ext
configs:
  settings:
    content: "x=1"
`,
      });
      ok(await tsc(dir, ["-p", stack, "stack", "deploy", "--wait"]));
      expect((await leftovers(stack)).sort()).toEqual([`network ${stack}_default`, `service ${stack}_app`].concat((await docker("config", "ls", "--filter", `label=com.docker.stack.namespace=${stack}`, "--format", "config {{.Name}}")).split("\n")).sort());
      ok(await tsc(dir, ["stack", "rm", stack]));
      expect(await leftovers(stack)).toEqual([]);
      expect(await docker("network", "ls", "--filter", `name=${stack}-ext`, "--format", "{{.Name}}")).toBe(`${stack}-ext`);

      // The reverse: docker stack deploy's stack, listed and removed by tscompose.
      const other = stackName("tscds");
      const dsDir = project({ "compose.yaml": `version: "3.8"\nservices:\n  one:\n    image: tscompose-busybox:latest\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n` });
      await runDocker(["stack", "deploy", "--resolve-image", "never", "-c", "compose.yaml", other], { cwd: dsDir, env: { DOCKER_HOST: swarm!.host } });
      expect(ok(await tsc(dsDir, ["stack", "ls"])).stdout).toMatch(new RegExp(`^${other}\\s+1$`, "m"));
      ok(await tsc(dsDir, ["stack", "rm", other]));
      expect(await leftovers(other)).toEqual([]);
    } finally {
      await runDocker(["network", "rm", `${stack}-ext`], { env: { DOCKER_HOST: swarm!.host } });
    }
  });
});
