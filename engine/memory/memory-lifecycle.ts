import { RuntimeError } from "../runtime/runtime-errors.js";
import type { PublishedPort } from "../runtime/runtime-types.js";
import { MemFs } from "./mem-fs.js";
import { hasHealthcheck, startHealth, stopHealth } from "./memory-health.js";
import { StdinPipe, endLiveAttachments } from "./memory-attach.js";
import { bytes } from "./memory-io.js";
import { launch, logWriter, signalNumber } from "./memory-process.js";
import type { MemAttachment, MemContainer, MemNetwork, MemProcess, MemoryState } from "./memory-state.js";
import { containerEventAttributes } from "./memory-views.js";

const running = (c: MemContainer) => c.status === "running" || c.status === "paused";
const conflict = (message: string) => new RuntimeError("conflict", message, { status: 409 });

/** `a.b.c.d` → integer. */
export function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/** Integer → `a.b.c.d`. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Takes the requested address, or the next free one; undefined on host/none networks. */
export function allocateIp(network: MemNetwork, requested: string | undefined): string | undefined {
  if (network.prefix === 0) return undefined;
  if (requested) {
    const n = ipToInt(requested);
    if (network.used.has(n)) throw new RuntimeError("other", `Address already in use: ${requested}`, { status: 500 });
    network.used.add(n);
    return requested;
  }
  const size = 2 ** (32 - network.prefix);
  for (let n = network.base + 2; n < network.base + size - 1; n++) {
    if (!network.used.has(n)) {
      network.used.add(n);
      return intToIp(n);
    }
  }
  throw new RuntimeError("other", `no available IPv4 addresses on network ${network.name}`, { status: 500 });
}

function releaseAll(state: MemoryState, c: MemContainer): void {
  for (const ep of c.endpoints.values()) {
    if (ep.ipv4) state.networks.get(ep.networkId)?.used.delete(ipToInt(ep.ipv4));
    ep.ipv4 = undefined;
    ep.endpointId = "";
  }
  c.ports = [];
}

function allocatePorts(state: MemoryState, c: MemContainer): PublishedPort[] {
  const taken = new Set<string>();
  for (const other of state.containers.values()) for (const p of other.ports) taken.add(`${p.protocol}/${p.hostPort}`);
  const out: PublishedPort[] = [];
  for (const b of c.spec.portBindings ?? []) {
    const protocol = b.protocol ?? "tcp";
    let hostPort = Number((b.hostPort ?? "").split("-")[0]);
    if (!hostPort) {
      while (taken.has(`${protocol}/${state.nextPort}`)) state.nextPort++;
      hostPort = state.nextPort++;
    } else if (taken.has(`${protocol}/${hostPort}`)) {
      throw new RuntimeError("other", `driver failed programming external connectivity on endpoint ${c.name}: Bind for ${b.hostIp || "0.0.0.0"}:${hostPort} failed: port is already allocated`, { status: 500 });
    }
    taken.add(`${protocol}/${hostPort}`);
    out.push({ containerPort: b.containerPort, protocol, hostIp: b.hostIp || "0.0.0.0", hostPort });
  }
  const exposed = [...(c.image.seed.exposedPorts ?? []), ...(c.spec.exposedPorts ?? [])];
  for (const e of exposed) {
    const [port, protocol = "tcp"] = e.split("/");
    if (!out.some((p) => p.containerPort === Number(port) && p.protocol === protocol)) out.push({ containerPort: Number(port), protocol });
  }
  return out;
}

function finish(state: MemoryState, c: MemContainer, proc: MemProcess, code: number, flush: () => void): void {
  if (c.process !== proc) return;
  flush();
  c.process = undefined;
  // An attachment follows one run (the engine closes it when the process exits).
  c.attachment?.end();
  c.attachment = undefined;
  endLiveAttachments(c);
  c.stdinPipe = undefined;
  c.status = "exited";
  c.exitCode = code;
  c.finishedAt = state.now();
  c.pid = 0;
  stopHealth(c);
  releaseAll(state, c);
  state.events.emit("container", "die", c.id, containerEventAttributes(c, { exitCode: String(code) }));
  const waiters = c.exitWaiters;
  c.exitWaiters = [];
  for (const w of waiters) w(code);
  for (const l of c.logListeners) l();
  if (c.spec.autoRemove) removeNow(state, c, true);
}

/**
 * The stdin of a run: a pre-start attachment's (read to its end), else, for a container created
 * with `stdinOpen`, an open pipe later attachments write to (a read waits for input, as on the
 * engine), else nothing.
 */
function runStdin(c: MemContainer, attached: MemAttachment | undefined): () => Promise<Buffer> {
  if (attached) {
    const stdin = attached.stdin;
    return async () => (stdin === undefined ? Buffer.alloc(0) : bytes(stdin));
  }
  if (c.spec.stdinOpen !== true) return async () => Buffer.alloc(0);
  const pipe = new StdinPipe();
  c.stdinPipe = pipe;
  return () => pipe.read();
}

/** Starts a container: networks and ports first (failing cleanly), then the process and health checks. */
export function startContainer(state: MemoryState, ref: string): void {
  const c = state.container(ref);
  if (running(c)) return;
  try {
    for (const ep of c.endpoints.values()) {
      const network = state.networks.get(ep.networkId);
      if (!network) throw new RuntimeError("not-found", `network ${ep.networkId} not found`, { status: 404 });
      ep.ipv4 = allocateIp(network, ep.requestedIpv4);
      ep.endpointId = state.newId("endpoint");
      ep.macAddress ??= `02:42:ac:${state.newId("mac").slice(0, 6).replace(/(..)(..)(..)/, "$1:$2:$3")}`;
    }
    c.ports = allocatePorts(state, c);
  } catch (error) {
    releaseAll(state, c);
    throw error;
  }
  for (const m of c.mounts) if (m.tmpfs) m.fs = new MemFs();
  c.status = "running";
  c.pid = state.nextPid++;
  c.exitCode = 0;
  c.startedAt = state.now();
  c.health = hasHealthcheck(c) ? "starting" : "none";
  c.failingStreak = 0;
  c.healthLog = [];
  state.events.emit("container", "start", c.id, containerEventAttributes(c));
  const writer = logWriter(c);
  const attached = c.attachment;
  const tee = (log: (d: Buffer) => void, stream: "stdout" | "stderr") => (d: Buffer) => {
    log(d);
    const target = c.spec.tty === true ? "stdout" : stream;
    attached?.streams[target]?.write(d);
    for (const live of c.liveAttachments ?? []) live.streams[target]?.write(d);
  };
  const io = {
    stdout: tee(writer.io.stdout, "stdout"),
    stderr: tee(writer.io.stderr, "stderr"),
    stdin: runStdin(c, attached),
  };
  const proc = launch(state, c, [...c.config.entrypoint, ...c.config.cmd], io, { pid1: true });
  c.process = proc;
  void proc.done.then(
    (code) => finish(state, c, proc, code, writer.flush),
    () => finish(state, c, proc, 128, writer.flush),
  );
  startHealth(state, c);
}

async function signalAndWait(state: MemoryState, c: MemContainer, signo: number, timeoutMs: number): Promise<void> {
  const proc = c.process;
  if (!proc) return;
  state.events.emit("container", "kill", c.id, containerEventAttributes(c, { signal: String(signo) }));
  proc.signal(signo);
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([proc.done.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
  clearTimeout(timer);
  if (!exited && signo !== 9) await signalAndWait(state, c, 9, 60_000);
  else await proc.done;
}

/** Stops a running container: its stop signal, then SIGKILL after the timeout; emits kill/die/stop. */
export async function stopContainer(state: MemoryState, ref: string, timeoutSeconds?: number): Promise<void> {
  const c = state.container(ref);
  if (!running(c)) return;
  if (c.status === "paused") c.status = "running";
  const timeout = timeoutSeconds ?? c.spec.stopTimeoutSeconds ?? 10;
  await signalAndWait(state, c, signalNumber(c.spec.stopSignal ?? "SIGTERM") || 15, timeout * 1000);
  state.events.emit("container", "stop", c.id, containerEventAttributes(c));
}

/** Sends a signal; waits for the exit when it is SIGKILL. */
export async function killContainer(state: MemoryState, ref: string, signal = "SIGKILL"): Promise<void> {
  const c = state.container(ref);
  if (!running(c)) throw conflict(`Cannot kill container: ${ref}: Container ${c.id} is not running`);
  const signo = signalNumber(signal);
  if (Number.isNaN(signo)) throw new RuntimeError("other", `Invalid signal: ${signal}`, { status: 400 });
  if (signo === 9) return signalAndWait(state, c, 9, 60_000);
  state.events.emit("container", "kill", c.id, containerEventAttributes(c, { signal: String(signo) }));
  c.process?.signal(signo);
}

/** Pauses or unpauses, refusing the wrong state like the engine. */
export function setPaused(state: MemoryState, ref: string, paused: boolean): void {
  const c = state.container(ref);
  if (!running(c)) throw conflict(`Container ${c.id} is not running`);
  if (paused && c.status === "paused") throw conflict(`Container ${c.id} is already paused`);
  if (!paused && c.status !== "paused") throw conflict(`Container ${c.id} is not paused`);
  c.status = paused ? "paused" : "running";
  state.events.emit("container", paused ? "pause" : "unpause", c.id, containerEventAttributes(c));
}

/** Records a running container's TTY size (the engine ignores it for one without a TTY). */
export function resizeTty(state: MemoryState, ref: string, size: { rows: number; columns: number }): void {
  const c = state.container(ref);
  if (!running(c)) throw conflict(`Container ${c.id} is not running`);
  c.ttySize = { rows: size.rows, columns: size.columns };
}

/** Renames a container; the new name must be free. */
export function renameContainer(state: MemoryState, ref: string, newName: string): void {
  const c = state.container(ref);
  const name = newName.replace(/^\//, "");
  const other = [...state.containers.values()].find((x) => x.name === name);
  if (other && other !== c) throw conflict(`Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  const oldName = c.name;
  c.name = name;
  state.events.emit("container", "rename", c.id, containerEventAttributes(c, { oldName: `/${oldName}` }));
}

function removeNow(state: MemoryState, c: MemContainer, volumes: boolean): void {
  releaseAll(state, c);
  state.containers.delete(c.id);
  if (volumes) {
    for (const m of c.mounts) {
      const v = m.volume;
      if (!v?.anonymous) continue;
      const used = [...state.containers.values()].some((o) => o.mounts.some((om) => om.volume === v));
      if (!used && state.volumes.delete(v.name)) state.events.emit("volume", "destroy", v.name, { driver: v.driver });
    }
  }
  state.events.emit("container", "destroy", c.id, containerEventAttributes(c));
}

/** Removes a container (a running one only with `force`, which kills it first). */
export async function removeContainer(state: MemoryState, ref: string, force: boolean, volumes: boolean): Promise<void> {
  const c = state.container(ref);
  if (running(c)) {
    if (!force) throw conflict(`You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
    await signalAndWait(state, c, 9, 60_000);
  }
  if (!state.containers.has(c.id)) return; // auto-removed on exit
  removeNow(state, c, volumes);
}

/** Resolves with the exit code when the container is (or next becomes) not running. */
export function waitContainer(state: MemoryState, ref: string, condition: "not-running" | "next-exit", signal?: AbortSignal): Promise<number> {
  const c = state.container(ref);
  if (condition === "not-running" && !running(c)) return Promise.resolve(c.exitCode);
  return new Promise<number>((resolve, reject) => {
    const waiter = (code: number) => resolve(code);
    c.exitWaiters.push(waiter);
    signal?.addEventListener("abort", () => {
      c.exitWaiters = c.exitWaiters.filter((w) => w !== waiter);
      reject(new RuntimeError("other", `waiting for container ${ref} was aborted`));
    });
  });
}
