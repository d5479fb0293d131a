import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** `scripts/swarm-cluster.sh`: makes, lists and removes the multi-node Swarm clusters. */
export const SWARM_CLUSTER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/swarm-cluster.sh");

/** What one `docker` (or script) run produced. `code` is null only when the child died of a signal. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One node of a cluster: its engine runs in its own network namespace. */
export interface SwarmNode {
  /** The node's hostname as Swarm reports it (`docker node ls`, a task's `Node`): `<cluster>-nodeI`. */
  readonly name: string;
  /** The DOCKER_HOST of the node's own engine, `unix:///run/tscompose-swarm/<cluster>/nodeI/docker.sock`. */
  readonly host: string;
  /** The node's address (10.231.K.(10+I)), reachable from the test process: host-mode published ports answer there. */
  readonly address: string;
}

/** A running multi-node Swarm made by `startSwarmCluster`. */
export interface SwarmCluster {
  /** The cluster's name for `scripts/swarm-cluster.sh` (`ls`, `down`). */
  readonly name: string;
  /** The manager's DOCKER_HOST (node 1). */
  readonly managerHost: string;
  /** Every node, the manager first; the others are workers. Each carries the node label `tsc.node=nodeI`. */
  readonly nodes: readonly SwarmNode[];
  /** Runs the docker CLI against the manager; never rejects on a non-zero exit. */
  docker(args: readonly string[], timeoutMs?: number): Promise<CommandResult>;
  /** Removes the cluster (`scripts/swarm-cluster.sh down`): nodes, network namespaces, bridge, data. Safe to call twice. */
  stop(): Promise<void>;
}

/** The engine a one-node Swarm test uses, and how to give it back as it was found. */
export interface OneNodeSwarm {
  /** The DOCKER_HOST of the manager. */
  readonly host: string;
  /** Leaves the swarm (`docker swarm leave --force`) when `oneNodeSwarm` made it; otherwise does nothing. */
  stop(): Promise<void>;
}

/**
 * Runs a command with PATH and HOME only (plus `env`), never through a shell. Never rejects on a
 * non-zero exit; a child that cannot be started resolves with code null and the reason in stderr.
 */
function run(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 90_000): Promise<CommandResult> {
  const childEnv: Record<string, string> = { ...env };
  for (const key of ["PATH", "HOME"] as const) {
    const value = process.env[key];
    if (value !== undefined && childEnv[key] === undefined) childEnv[key] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: childEnv, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `docker -H HOST ARGS`: the host is explicit, so a DOCKER_HOST in the environment cannot redirect it. */
function dockerOn(host: string, args: readonly string[], timeoutMs?: number): Promise<CommandResult> {
  return run("docker", ["-H", host, ...args], {}, timeoutMs);
}

/** The script's last stderr lines, for an error message. */
function tail(text: string, lines = 15): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/** Whether `name` is an executable on PATH (or an executable path). */
function onPath(name: string): boolean {
  const dirs = name.includes("/") ? [""] : (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/sbin", "/sbin"]);
  return dirs.some((dir) => {
    try {
      accessSync(dir ? path.join(dir, name) : name, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why a multi-node cluster cannot be made on this machine, or undefined when it can: root, and the
 * dockerd, docker, ip, iptables, nsenter, unshare and flock binaries.
 */
export function swarmKitMissing(): string | undefined {
  if (process.getuid?.() !== 0) return "making network namespaces and starting dockerd needs root";
  const missing = ["dockerd", "docker", "ip", "iptables", "nsenter", "unshare", "setsid", "flock", "bash"].filter((tool) => !onPath(tool));
  return missing.length ? `${missing.join(", ")} not installed` : undefined;
}

/**
 * True when multi-node clusters can be made. When they cannot, under `CI=true` this throws (a
 * missing prerequisite fails CI, never skips it); locally it prints why the suite is skipped.
 */
export function swarmKitOrSkip(suite: string): boolean {
  const why = swarmKitMissing();
  if (!why) return true;
  if (process.env.CI === "true") throw new Error(`${suite}: multi-node Swarm clusters are required under CI=true: ${why}`);
  console.warn(`\n[skipped] ${suite}: no multi-node Swarm clusters on this machine: ${why}\n  Run as root on Debian 12 with docker.io installed (scripts/engine.sh).\n`);
  return false;
}

/** A fresh cluster name: `t` and 6 hex digits (the script allows 9 characters). */
function clusterName(): string {
  return `t${randomBytes(3).toString("hex")}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes clusters an earlier, crashed test run left behind: those whose recorded owner (the
 * helper passes its pid) is no longer alive. Clusters made without an owner are never touched.
 */
async function reapOrphans(): Promise<void> {
  const listed = spawnSync("bash", [SWARM_CLUSTER_SCRIPT, "ls"], { encoding: "utf8", timeout: 30_000 });
  const orphans = (listed.stdout ?? "")
    .split("\n")
    .map((line) => /^(\S+)\t.* owner=(\d+) /.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) !== process.pid && !pidAlive(Number(m[2])))
    .map((m) => m[1]!);
  for (const name of orphans) {
    console.warn(`[swarm-cluster] removing cluster ${name}, left by a test run that is gone`);
    await run("bash", [SWARM_CLUSTER_SCRIPT, "down", name], {}, 120_000);
  }
}

/**
 * Makes a Swarm of `nodes` engines on this machine (`scripts/swarm-cluster.sh up`): node 1 the
 * manager, the others workers, every node Ready and holding the test image. Each node is its own
 * dockerd in its own network namespace; the nodes reach each other over a bridge (overlay
 * networks, gossip and the swarm port work; the kernel has no IPVS, so use dnsrr services and
 * host-mode ports). Takes a few seconds. Throws with the script's output when it fails (after
 * removing what it made), or when a prerequisite is missing (see `swarmKitOrSkip`).
 * Always `stop()` it, in an `afterAll`.
 */
export async function startSwarmCluster(nodes: number): Promise<SwarmCluster> {
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`startSwarmCluster: nodes must be a whole number ≥ 1, not ${nodes}`);
  const missing = swarmKitMissing();
  if (missing) throw new Error(`startSwarmCluster: cannot make a cluster on this machine: ${missing}`);
  await reapOrphans();
  const name = clusterName();
  const env: Record<string, string> = { TSCSW_OWNER: String(process.pid) };
  // The test image is copied from the engine the suite runs against.
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  const up = await run("bash", [SWARM_CLUSTER_SCRIPT, "up", name, String(nodes)], env, 240_000);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const down = await run("bash", [SWARM_CLUSTER_SCRIPT, "down", name], {}, 180_000);
    if (down.code !== 0) throw new Error(`swarm-cluster.sh down ${name} failed (exit ${down.code}):\n${tail(down.stderr)}`);
  };
  const managerHost = /^DOCKER_HOST=(\S+)\s*$/.exec(up.stdout.trim().split("\n").at(-1) ?? "")?.[1];
  const nodeList = [...up.stdout.matchAll(/^node(\d+) (unix:\/\/\S+) (\S+)$/gm)].map(
    (m): SwarmNode => ({ name: `${name}-node${m[1]!}`, host: m[2]!, address: m[3]! }),
  );
  if (up.code !== 0 || !managerHost || nodeList.length !== nodes) {
    await stop().catch(() => undefined);
    throw new Error(`swarm-cluster.sh up ${name} ${nodes} failed (exit ${up.code}):\n${tail(up.stderr)}`);
  }
  return {
    name,
    managerHost,
    nodes: nodeList,
    docker: (args, timeoutMs) => dockerOn(managerHost, args, timeoutMs),
    stop,
  };
}

/** The engine's swarm state: `{{json .Swarm}}` of `docker info`. */
interface SwarmInfo {
  readonly LocalNodeState?: string;
  readonly ControlAvailable?: boolean;
  readonly NodeID?: string;
}

async function swarmInfo(host: string): Promise<SwarmInfo> {
  const r = await dockerOn(host, ["info", "--format", "{{json .Swarm}}"], 30_000);
  if (r.code !== 0) throw new Error(`oneNodeSwarm: \`docker info\` on ${host} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as SwarmInfo;
}

/**
 * A one-node Swarm on an existing engine (default: the test engine, DOCKER_HOST or the default
 * socket). An engine not in a swarm is made a manager (`docker swarm init --advertise-addr
 * 127.0.0.1`) and leaves it again on `stop()`; an engine that already manages a swarm is used
 * as it is and left alone. A worker, or a swarm in any other state, is an error: nothing is changed.
 */
export async function oneNodeSwarm(dockerHost: string = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock"): Promise<OneNodeSwarm> {
  const info = await swarmInfo(dockerHost);
  const state = info.LocalNodeState ?? "";
  if (state === "active") {
    if (!info.ControlAvailable) throw new Error(`oneNodeSwarm: the engine at ${dockerHost} is a swarm worker, not a manager`);
    return { host: dockerHost, stop: () => Promise.resolve() };
  }
  if (state !== "inactive") throw new Error(`oneNodeSwarm: the engine at ${dockerHost} is in swarm state "${state}"; expected inactive or active`);
  const init = await dockerOn(dockerHost, ["swarm", "init", "--advertise-addr", "127.0.0.1"], 60_000);
  if (init.code !== 0) throw new Error(`oneNodeSwarm: \`docker swarm init\` on ${dockerHost} failed (exit ${init.code}): ${init.stderr.trim()}`);
  let left = false;
  return {
    host: dockerHost,
    stop: async () => {
      if (left) return;
      left = true;
      const leave = await dockerOn(dockerHost, ["swarm", "leave", "--force"], 60_000);
      if (leave.code !== 0) throw new Error(`oneNodeSwarm: \`docker swarm leave --force\` on ${dockerHost} failed (exit ${leave.code}): ${leave.stderr.trim()}`);
    },
  };
}
