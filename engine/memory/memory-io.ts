import { posix } from "node:path";
import { packTar, unpackTar, type TarEntry } from "../oneoff/archive.js";
import type { AttachContainerOptions, Attachment, ByteSource, ExecOptions, LogsOptions } from "../runtime/runtime.js";
import { RuntimeError, notFound } from "../runtime/runtime-errors.js";
import type { ExecResult, LogLine, PathStat } from "../runtime/runtime-types.js";
import { normalizePath } from "./mem-fs.js";
import { attachRunning } from "./memory-attach.js";
import { containerFs, launch } from "./memory-process.js";
import type { MemoryState } from "./memory-state.js";

const seconds = (t: number | Date) => (t instanceof Date ? t.getTime() / 1000 : t);

/** A container's log lines, filtered like the engine's logs endpoint, following new ones when asked. */
export async function* logs(state: MemoryState, ref: string, options: LogsOptions = {}): AsyncGenerator<LogLine> {
  const c = state.container(ref);
  const since = options.since === undefined ? -Infinity : seconds(options.since) * 1000;
  const until = options.until === undefined ? Infinity : seconds(options.until) * 1000;
  const keep = (l: Required<LogLine>) => Date.parse(l.time) >= since && Date.parse(l.time) <= until;
  const shape = (l: Required<LogLine>): LogLine => (options.timestamps ? { ...l } : { stream: l.stream, text: l.text });
  let lines = c.logs.filter(keep);
  if (options.tail !== undefined) lines = options.tail <= 0 ? [] : lines.slice(-options.tail);
  let seen = c.logs.length;
  for (const l of lines) {
    if (options.signal?.aborted) return;
    yield shape(l);
  }
  if (!options.follow) return;
  while (!options.signal?.aborted) {
    while (seen < c.logs.length) {
      const l = c.logs[seen++] as Required<LogLine>;
      if (keep(l)) yield shape(l);
    }
    if ((c.status !== "running" && c.status !== "paused") || options.signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        c.logListeners.delete(wake);
        options.signal?.removeEventListener("abort", wake);
        resolve();
      };
      c.logListeners.add(wake);
      options.signal?.addEventListener("abort", wake);
    });
  }
}

/**
 * Records an attachment on a created container: its next start reads `stdin` and copies its
 * output to `streams`; `done` settles when that run ends (or at once when aborted). On a running
 * container, attaches to the current run instead (`attachRunning`).
 */
export function attach(state: MemoryState, ref: string, options: AttachContainerOptions): Attachment {
  const c = state.container(ref);
  if (c.status === "paused") throw new RuntimeError("conflict", `container ${ref} is paused, unpause the container before attach`, { status: 409 });
  if (c.status === "running") return attachRunning(c, options);
  let end!: () => void;
  const done = new Promise<void>((resolve) => (end = resolve));
  options.signal?.addEventListener("abort", () => end(), { once: true });
  c.attachment = { ...(options.stdin !== undefined ? { stdin: options.stdin } : {}), streams: options.streams, end };
  return { done };
}

/** All of a byte source, as one buffer. */
export async function bytes(source: ByteSource): Promise<Buffer> {
  if (source instanceof Uint8Array) return Buffer.from(source);
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Runs a command in a running container, capturing or streaming its output. */
export async function exec(state: MemoryState, ref: string, options: ExecOptions): Promise<ExecResult> {
  const c = state.container(ref);
  if (c.status === "paused") throw new RuntimeError("conflict", `Container ${c.id} is paused, unpause the container before exec`, { status: 409 });
  if (c.status !== "running") throw new RuntimeError("conflict", `Container ${c.id} is not running`, { status: 409 });
  const captured = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const sink = (stream: "stdout" | "stderr") => (d: Buffer) => {
    const target = options.streams?.[options.tty ? "stdout" : stream];
    if (target) target.write(d);
    else if (!options.streams) captured[options.tty ? "stdout" : stream].push(d);
  };
  const stdin = options.stdin;
  const io = { stdout: sink("stdout"), stderr: sink("stderr"), stdin: async () => (stdin === undefined ? Buffer.alloc(0) : bytes(stdin)) };
  const proc = launch(state, c, options.cmd, io, {
    pid1: false,
    ...(options.env ? { env: { ...options.env } } : {}),
    ...(options.workingDir ? { workingDir: options.workingDir } : {}),
    ...(options.user ? { user: options.user } : {}),
  });
  c.runningExecs = (c.runningExecs ?? 0) + 1;
  const finished = proc.done.finally(() => (c.runningExecs = Math.max(0, (c.runningExecs ?? 1) - 1)));
  if (options.detach) {
    // Like the engine: the process runs on; its output goes nowhere.
    finished.catch(() => undefined);
    return { exitCode: 0, stdout: "", stderr: "" };
  }
  const exitCode = await finished;
  return { exitCode, stdout: Buffer.concat(captured.stdout).toString("utf8"), stderr: Buffer.concat(captured.stderr).toString("utf8") };
}

/** Extracts a tar archive into an existing directory of the container. */
export async function putArchive(state: MemoryState, ref: string, path: string, tar: ByteSource): Promise<void> {
  const fs = containerFs(state.container(ref));
  const dir = normalizePath(path);
  const node = fs.stat(dir);
  if (!node) throw new RuntimeError("not-found", `Could not find the file ${path} in container ${ref}`, { status: 404 });
  if (node.type !== "dir") throw new RuntimeError("other", `extraction point is not a directory`, { status: 400 });
  for (const e of await unpackTar(await bytes(tar))) {
    const target = normalizePath(e.name, dir);
    const meta = { mode: e.mode ?? 0o644, ...(e.mtime ? { mtime: e.mtime } : {}), uid: e.uid ?? 0, gid: e.gid ?? 0 };
    fs.mkdirp(posix.dirname(target));
    if (e.type === "directory") fs.mkdirp(target, e.mode);
    else if (e.type === "symlink") fs.symlink(target, e.linkTarget ?? "");
    else fs.write(target, e.content ?? new Uint8Array(), meta);
  }
}

/** A tar archive of a file or directory of the container, with its stat. */
export async function getArchive(state: MemoryState, ref: string, path: string): Promise<{ stat: PathStat; tar: AsyncIterable<Uint8Array> }> {
  const fs = containerFs(state.container(ref));
  const root = normalizePath(path);
  const node = fs.stat(root);
  if (!node) throw notFound("file", `${path} in container ${ref}`);
  const base = posix.basename(root) || "/";
  const entries: TarEntry[] = fs.walk(root).flatMap((p): TarEntry[] => {
    const n = fs.stat(p);
    if (!n) return [];
    const name = posix.join(base, posix.relative(root, p)) + (n.type === "dir" ? "/" : "");
    const common = { name, mode: n.mode, mtime: n.mtime, uid: n.uid, gid: n.gid };
    if (n.type === "dir") return [{ ...common, type: "directory" }];
    if (n.type === "symlink") return [{ ...common, type: "symlink", linkTarget: n.linkTarget ?? "" }];
    return [{ ...common, type: "file", content: n.data }];
  });
  const tar = await packTar(entries);
  const stat: PathStat = {
    name: base,
    size: node.type === "file" ? node.data.length : 4096,
    mode: (node.mode & 0o7777) + (node.type === "dir" ? 0x80000000 : node.type === "symlink" ? 0x8000000 : 0),
    mtime: node.mtime.toISOString(),
    linkTarget: node.linkTarget ?? "",
  };
  return { stat, tar: (async function* () { yield tar; })() };
}

/** The container's processes, `ps`-style (just the main one). */
export function top(state: MemoryState, ref: string): { titles: string[]; processes: string[][] } {
  const c = state.container(ref);
  if (c.status !== "running" && c.status !== "paused") throw new RuntimeError("conflict", `Container ${c.id} is not running`, { status: 409 });
  return {
    titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
    processes: [[c.config.user || "root", String(c.pid), "1", "0", "00:00", "?", "00:00:00", [...c.config.entrypoint, ...c.config.cmd].join(" ")]],
  };
}
