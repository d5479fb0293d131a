import { posix } from "node:path";
import { ContainerFs } from "./container-fs.js";
import type { MemContainer, MemProcess, MemoryState } from "./memory-state.js";
import { ShellExit, runArgv, runScript, type ShellHost, type ShellIo } from "./shell.js";

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, STOP: 19, WINCH: 28 };

/** A signal name (`SIGTERM`, `TERM`) or number (`15`) → its number; NaN when unknown. */
export function signalNumber(signal: string): number {
  if (/^\d+$/.test(signal)) return Number(signal);
  return SIGNALS[signal.toUpperCase().replace(/^SIG/, "")] ?? NaN;
}

/** The container's view of its files: root filesystem plus mounts. */
export function containerFs(c: MemContainer): ContainerFs {
  return new ContainerFs(
    c.rootfs,
    c.mounts.map((m) => ({ target: m.info.destination, fs: m.fs, root: m.root, readOnly: m.info.readOnly })),
    c.spec.readOnlyRootfs ?? false,
  );
}

/** DNS as the embedded resolver answers it: names, aliases and short ids on shared user networks. */
export function lookup(state: MemoryState, from: MemContainer, name: string): string | undefined {
  if (name === "localhost") return "127.0.0.1";
  for (const [networkId, mine] of from.endpoints) {
    const network = state.networks.get(networkId);
    if (!network || network.builtin || !mine.ipv4) continue;
    for (const other of state.containers.values()) {
      const ep = other.endpoints.get(networkId);
      if (other.status !== "running" || !ep?.ipv4) continue;
      if (other.name === name || other.id.slice(0, 12) === name || ep.aliases.includes(name)) return ep.ipv4;
    }
  }
  for (const entry of from.spec.extraHosts ?? []) {
    const [host, ip] = entry.split(/[:=](.*)/s);
    if (host === name && ip) return ip;
  }
  return undefined;
}

function uidOf(user: string): number {
  const name = user.split(":")[0] ?? "";
  if (/^\d+$/.test(name)) return Number(name);
  return name === "" || name === "root" ? 0 : 1000;
}

/**
 * Starts a simulated process running `argv` in the container. It begins on the next macrotask
 * (so `start` resolves with the container running), honours `trap` for signals, and as PID 1
 * ignores untrapped signals other than SIGKILL, like a real init-less container. A signal that
 * arrives before the script has installed its trap is delivered when the trap is installed.
 */
export function launch(
  state: MemoryState,
  c: MemContainer,
  argv: readonly string[],
  io: ShellIo,
  options: { pid1: boolean; env?: Record<string, string>; workingDir?: string; user?: string },
): MemProcess {
  const traps = new Map<number, string>();
  const pending = new Set<number>();
  let fire: (code: number) => void = () => undefined;
  const killed = new Promise<never>((_, reject) => (fire = (code) => reject(new ShellExit(code))));
  killed.catch(() => undefined);

  const handle = (signo: number) => {
    const action = traps.get(signo);
    if (action === undefined) return false;
    const exit = /^\s*exit\s*(\d*)\s*$/.exec(action);
    if (exit) fire(Number(exit[1] || 0));
    else if (action !== "") void runScript(action, { vars: {}, cwd: "/", status: 0 }, host, io).catch((e: unknown) => e instanceof ShellExit && fire(e.code));
    return true;
  };

  const host: ShellHost = {
    fs: containerFs(c),
    hostname: c.config.hostname,
    uid: uidOf(options.user ?? c.config.user),
    lookup: (name) => lookup(state, c, name),
    interruptible: (p) => Promise.race([p, killed]),
    trap: (signal, action) => {
      const signo = signalNumber(signal);
      if (action === undefined) traps.delete(signo);
      else traps.set(signo, action);
      if (pending.delete(signo)) handle(signo);
    },
  };

  const env = Object.fromEntries(c.config.env.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  const run = new Promise((r) => setImmediate(r)).then(() =>
    runArgv(argv, { ...env, HOSTNAME: c.config.hostname, ...options.env }, posix.resolve("/", options.workingDir || c.config.workingDir || "/"), host, io),
  );
  const done = Promise.race([run, killed]).catch((e: unknown) => {
    if (e instanceof ShellExit) return e.code;
    throw e;
  });
  return {
    done,
    signal(signo: number) {
      if (signo === 9) return fire(137);
      if (handle(signo)) return;
      if (options.pid1) pending.add(signo);
      else fire(128 + signo);
    },
  };
}

/** Splits output chunks into timestamped log lines on the container. */
export function logWriter(c: MemContainer): { io: Omit<ShellIo, "stdin">; flush(): void } {
  const partial = { stdout: "", stderr: "" };
  const emit = (stream: "stdout" | "stderr", text: string) => {
    c.logs.push({ stream, text, time: new Date().toISOString() });
    for (const l of c.logListeners) l();
  };
  const write = (stream: "stdout" | "stderr") => (data: Buffer) => {
    const lines = (partial[stream] + data.toString("utf8")).split("\n");
    partial[stream] = lines.pop() ?? "";
    for (const line of lines) emit(stream, line);
  };
  const tty = c.spec.tty === true;
  return {
    io: { stdout: write("stdout"), stderr: write(tty ? "stdout" : "stderr") },
    flush() {
      for (const stream of ["stdout", "stderr"] as const) {
        if (partial[stream]) emit(stream, partial[stream]);
        partial[stream] = "";
      }
    },
  };
}
