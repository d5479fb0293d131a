import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterStack, type DeployOutcome } from "../../api/index.js";
import { engineOrSkip } from "../helpers/engine.js";
import { runDocker } from "../helpers/reference-compose.js";
import { oneNodeSwarm, type OneNodeSwarm } from "../helpers/swarm-cluster.js";
import { fixture } from "../kits/up-kit.js";

// The TypeScript API's ClusterStack on a one-node Swarm (the test engine, made a manager and left
// afterwards). This kernel has no IPVS: the services use endpoint_mode dnsrr.
const engine = await engineOrSkip("ClusterStack (one-node swarm)");
const name = `tscapi${randomBytes(3).toString("hex")}`;
let swarm: OneNodeSwarm | undefined;
let stack: ClusterStack;
let deployed: DeployOutcome;

async function docker(...args: string[]): Promise<string[]> {
  const r = await runDocker(args, { env: { DOCKER_HOST: swarm!.host } });
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.split("\n").filter(Boolean);
}

/** Everything on the engine that carries the stack's namespace label: Swarm objects and containers. */
async function labelled(): Promise<string[]> {
  const label = `label=com.docker.stack.namespace=${name}`;
  const lists = await Promise.all([
    docker("service", "ls", "--filter", label, "--format", "service {{.Name}}"),
    docker("network", "ls", "--filter", label, "--format", "network {{.Name}}"),
    docker("secret", "ls", "--filter", label, "--format", "secret {{.Name}}"),
    docker("config", "ls", "--filter", label, "--format", "config {{.Name}}"),
    docker("ps", "-a", "--filter", label, "--format", "container {{.Names}}"),
  ]);
  return lists.flat();
}

describe.skipIf(!engine)("ClusterStack on a one-node swarm", () => {
  beforeAll(async () => {
    swarm = await oneNodeSwarm();
    stack = await ClusterStack.load({ cwd: fixture("api-swarm"), projectName: name, connection: { host: swarm.host } });
    deployed = await stack.deploy({ timeoutMs: 90_000 });
  }, 180_000);

  afterAll(async () => {
    if (!swarm) return;
    await stack?.rm().catch(() => undefined);
    await swarm.stop();
  }, 120_000);

  it("loads the project as a stack named after it, warning about what Swarm ignores, located in the file", () => {
    expect(stack.name).toBe(name);
    expect(stack.swarm.services.map((s) => s.Name)).toEqual([`${name}_web`, `${name}_worker`]);
    const warning = stack.warnings.find((w) => w.code === "W_SWARM_IGNORED");
    expect(warning?.message).toMatch(/Swarm names each task itself.*`container_name` is ignored/);
    expect(warning?.path).toEqual(["services", "worker", "container_name"]);
    expect(warning?.location?.line).toBe(20);
  });

  it("deploy creates every service and waits until they run; ps and services show them", async () => {
    expect([...deployed.created].sort()).toEqual([`${name}_web`, `${name}_worker`]);
    const tasks = await stack.ps();
    expect(tasks.filter((t) => t.CurrentState === "Running").map((t) => t.Name).sort()).toEqual([`${name}_web.1`, `${name}_worker.1`]);
    const services = await stack.services();
    expect(services.map((s) => [s.Name, s.Mode, s.Replicas, s.Image])).toEqual([
      [`${name}_web`, "replicated", "1/1", "tscompose-busybox:latest"],
      [`${name}_worker`, "replicated", "1/1", "tscompose-busybox:latest"],
    ]);
  });

  it("a second deploy of the same files changes nothing", async () => {
    const again = await stack.deploy();
    expect(again).toMatchObject({ created: [], updated: [], removed: [] });
    expect([...again.unchanged].sort()).toEqual([`${name}_web`, `${name}_worker`]);
  });

  it("exec captures a command's exit code and output in a running task", async () => {
    expect(await stack.exec("web", ["sh", "-c", "echo $ROLE; echo oops >&2; exit 5"])).toEqual({ exitCode: 5, stdout: "web\n", stderr: "oops\n" });
    expect(await stack.exec("web", "pwd; echo $X", { workdir: "/tmp", env: { X: "y" } })).toEqual({ exitCode: 0, stdout: "/tmp\ny\n", stderr: "" });
  });

  it("run starts a one-off on the stack's network, captures its result and removes it", async () => {
    const result = await stack.run("worker", "wget -q -O - http://tasks.web/passwd | head -1; echo $X; exit 4", { env: { X: "x" } });
    expect(result).toEqual({ exitCode: 4, stdout: "root:x:0:0:root:/root:/bin/sh\nx\n", stderr: "" });
    expect(await docker("ps", "-a", "--filter", `label=com.docker.stack.namespace=${name}`, "--filter", "label=com.docker.compose.oneoff=True", "--format", "{{.Names}}")).toEqual([]);
  });

  it("logs collects a service's lines with their task and node", async () => {
    const [node] = await docker("info", "--format", "{{.Name}}");
    const entries = await stack.logs("worker");
    expect(entries).toEqual([{ service: "worker", task: "worker.1", node, stream: "stdout", text: "worker ready" }]);
    expect((await stack.logs()).some((e) => e.service === "worker")).toBe(true);
    await expect(stack.logs("nope")).rejects.toThrow(`service nope is not part of stack ${name}`);
  });

  it("scale to 3 waits until the service runs 3 tasks", async () => {
    await stack.scale("web", 3, { timeoutMs: 90_000 });
    const web = (await stack.services()).find((s) => s.Name === `${name}_web`);
    expect(web?.Replicas).toBe("3/3");
    const addresses = await stack.exec("worker", "nslookup tasks.web | grep -c '^Address'");
    // nslookup prints the server's address and one per task.
    expect(addresses.stdout.trim()).toBe("4");
  });

  it("rm removes everything that carries the stack's label", async () => {
    expect(await stack.rm()).toBe(true);
    // The Swarm objects are gone at once; each node's agent removes the tasks' exited containers
    // a moment after the tasks themselves are gone.
    const deadline = Date.now() + 15_000;
    let left = await labelled();
    while (left.length > 0 && left.every((l) => l.startsWith("container ")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = await labelled();
    }
    expect(left).toEqual([]);
    expect(await stack.rm()).toBe(false);
  });
});
