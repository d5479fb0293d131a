import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineConnection } from "../connect/connect.js";
import type { ReaperInput } from "./reaper.js";
import { packageRoot } from "../../spec/discover/package-root.js";

/** A stack that must not outlive the process. */
export interface CleanupEntry {
  readonly projectName: string;
  readonly connection: EngineConnection;
  /** Stops whatever the stack is doing (an `up` in progress). */
  abort(): void;
  /** Removes the stack (containers, networks, volumes); must not throw. */
  remove(): Promise<void>;
}

type Signal = "SIGINT" | "SIGTERM";

const entries = new Set<CleanupEntry>();
let installed = false;
let removing: Promise<void> | undefined;

/**
 * Registers a stack for removal when the process ends: normally (`beforeExit`), on an uncaught
 * exception or unhandled rejection nobody else handles (the error is then re-thrown, so the
 * process still fails with exit code 1), on SIGINT/SIGTERM (the signal is then re-raised, so the
 * process ends with 130/143, unless the program listens to it itself), and as a last resort on
 * `exit` (`process.exit()`), where a synchronous reaper process removes it by label. Returns the
 * function that unregisters it.
 */
export function registerCleanup(entry: CleanupEntry): () => void {
  entries.add(entry);
  install();
  return () => {
    entries.delete(entry);
    if (entries.size === 0 && !removing) uninstall();
  };
}

/** The stacks currently registered (their project names), for tests and diagnostics. */
export function registeredProjects(): string[] {
  return [...entries].map((e) => e.projectName);
}

/** Removes every registered stack now (each once), then unregisters them. */
export function removeRegistered(): Promise<void> {
  removing ??= (async () => {
    const list = [...entries];
    for (const e of list) e.abort();
    await Promise.all(list.map((e) => e.remove().catch(() => undefined)));
    for (const e of list) entries.delete(e);
  })().finally(() => {
    removing = undefined;
    if (entries.size === 0) uninstall();
  });
  return removing;
}

function onBeforeExit(): void {
  if (entries.size > 0) void removeRegistered();
}

function onExit(): void {
  if (entries.size === 0) return;
  reapSync([...entries]);
  entries.clear();
}

function onSignal(signal: Signal): void {
  if (removing) {
    // A second signal while removing: finish synchronously, then end as the signal asks.
    onExit();
    reRaise(signal);
    return;
  }
  void removeRegistered().then(() => reRaise(signal));
}

const onSigint = () => onSignal("SIGINT");
const onSigterm = () => onSignal("SIGTERM");

/** Re-raises the signal for its default action, unless the program handles it itself. */
function reRaise(signal: Signal): void {
  const ours = signal === "SIGINT" ? onSigint : onSigterm;
  process.off(signal, ours);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onUncaught(error: unknown): void {
  // Someone else handles uncaught errors: the process goes on, so the stack stays up.
  if (process.listenerCount("uncaughtException") > 1) return;
  void removeRegistered().then(() => rethrow(error));
}

function onUnhandled(reason: unknown): void {
  if (process.listenerCount("unhandledRejection") > 1) return;
  void removeRegistered().then(() => rethrow(reason));
}

/** Lets Node report the error and exit with 1, as it would have without us. */
function rethrow(error: unknown): void {
  uninstall();
  setImmediate(() => {
    throw error;
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUnhandled);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off("beforeExit", onBeforeExit);
  process.off("exit", onExit);
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUnhandled);
}

/**
 * The reaper module next to this one (`dist/api/cleanup/reaper.js`); from the sources (tests) or the CLI bundle,
 * the built one. Undefined when there is none (nothing is built).
 */
export function reaperPath(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "reaper.js"), path.join(packageRoot(), "dist/api/cleanup/reaper.js")]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Removes the stacks from a child process, waiting for it (the `exit` event allows nothing else). */
function reapSync(list: readonly CleanupEntry[]): void {
  const script = reaperPath();
  if (!script) return;
  const byConnection = new Map<string, CleanupEntry[]>();
  for (const e of list) {
    const key = JSON.stringify(e.connection);
    byConnection.set(key, [...(byConnection.get(key) ?? []), e]);
  }
  for (const group of byConnection.values()) {
    const input: ReaperInput = { connection: group[0]?.connection ?? {}, projects: group.map((e) => e.projectName) };
    spawnSync(process.execPath, [script], { input: JSON.stringify(input), stdio: ["pipe", "ignore", "inherit"], timeout: 60_000 });
  }
}
