import { Readable, type Duplex } from "node:stream";
import type { AttachContainerOptions, Attachment, ByteSource, EventsOptions, ExecOptions, LogsOptions, OutputStreams, TerminalSize } from "../runtime/runtime.js";
import { followTerminal } from "../oneoff/terminal.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { ExecResult, LogLine, PathStat, RuntimeEvent } from "../runtime/runtime-types.js";
import type { EngineClient } from "./client.js";
import { labelFilter, seg } from "./containers.js";
import { runtimeEvent } from "./convert.js";
import { collect, demux, jsonObjects, rawStdout, toLines, type StreamChunk } from "./streams.js";

/** Unix seconds with nanosecond fraction, the form the engine's `since`/`until` accept. */
export function engineTime(t: number | Date): string {
  const seconds = t instanceof Date ? t.getTime() / 1000 : t;
  const whole = Math.floor(seconds);
  const nanos = Math.round((seconds - whole) * 1e9);
  return nanos === 0 ? String(whole) : `${whole}.${String(nanos).padStart(9, "0")}`;
}

/** Iterates a response and stops quietly when the caller aborts. */
async function* quietOnAbort<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  try {
    for await (const item of source) yield item;
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
}

/** Streams a container's log as lines, demultiplexed unless it has a TTY. */
export async function* logs(client: EngineClient, ref: string, options: LogsOptions = {}): AsyncGenerator<LogLine> {
  const info = await client.json<{ Config?: { Tty?: boolean } }>({ method: "GET", path: `/containers/${seg(ref)}/json` });
  if (options.signal?.aborted) return;
  const res = await client.stream({
    method: "GET",
    path: `/containers/${seg(ref)}/logs`,
    query: {
      stdout: true,
      stderr: true,
      follow: options.follow ?? false,
      timestamps: options.timestamps ?? false,
      since: options.since === undefined ? undefined : engineTime(options.since),
      until: options.until === undefined ? undefined : engineTime(options.until),
      tail: options.tail === undefined ? "all" : String(options.tail),
    },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `reading the logs of ${ref}`,
  });
  const chunks = info?.Config?.Tty ? rawStdout(res) : demux(res);
  try {
    yield* quietOnAbort(toLines(chunks, options.timestamps ?? false), options.signal);
  } finally {
    res.destroy();
  }
}

async function drain(chunks: AsyncIterable<StreamChunk>, options: { readonly streams?: OutputStreams | undefined }): Promise<{ stdout: string; stderr: string }> {
  const captured: Record<"stdout" | "stderr", Buffer[]> = { stdout: [], stderr: [] };
  for await (const { stream, data } of chunks) {
    const target = options.streams?.[stream];
    if (target) target.write(data);
    else if (!options.streams) captured[stream].push(data);
  }
  return { stdout: Buffer.concat(captured.stdout).toString("utf8"), stderr: Buffer.concat(captured.stderr).toString("utf8") };
}

/** Runs a command in a container to completion and reports its exit code and output. */
export async function exec(client: EngineClient, ref: string, options: ExecOptions): Promise<ExecResult> {
  const tty = options.tty ?? false;
  const created = await client.json<{ Id: string }>({
    method: "POST",
    path: `/containers/${seg(ref)}/exec`,
    body: {
      AttachStdin: options.stdin !== undefined,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
      Cmd: options.cmd,
      Env: options.env ? Object.entries(options.env).map(([k, v]) => `${k}=${v}`) : undefined,
      User: options.user,
      WorkingDir: options.workingDir,
      Privileged: options.privileged,
    },
    context: `exec in ${ref}`,
  });
  const detach = options.detach === true;
  const size = tty ? options.terminal?.current() : undefined;
  // ConsoleSize: engines from API 1.42 open the TTY at this size (no race with a command that reads
  // it at once); older ones ignore the field and get the resize below.
  const body = { Detach: detach, Tty: tty, ...(size ? { ConsoleSize: [size.rows, size.columns] } : {}) };
  const start = { method: "POST" as const, path: `/exec/${created.Id}/start`, body, context: `exec in ${ref}` };
  if (detach) {
    await client.json(start);
    return { exitCode: 0, stdout: "", stderr: "" };
  }
  let output: { stdout: string; stderr: string };
  let unfollow = () => undefined as void;
  try {
    if (options.stdin !== undefined) {
      const sock = await client.hijack({ ...start, ...(options.signal ? { signal: options.signal } : {}) });
      if (tty && options.terminal) unfollow = followTerminal(options.terminal, (s) => resizeExec(client, created.Id, s));
      const feeding = feed(sock, options.stdin);
      output = await drain(tty ? rawStdout(sock) : demux(sock), options);
      await feeding.catch(() => undefined);
    } else {
      const res = await client.stream({ ...start, ...(options.signal ? { signal: options.signal } : {}) });
      if (tty && options.terminal) unfollow = followTerminal(options.terminal, (s) => resizeExec(client, created.Id, s));
      output = await drain(tty ? rawStdout(res) : demux(res), options);
    }
  } finally {
    unfollow();
  }
  return { exitCode: await execExitCode(client, created.Id), ...output };
}

/** Sets an exec's TTY size; a failure (the command already ended) changes nothing. */
async function resizeExec(client: EngineClient, id: string, size: TerminalSize): Promise<void> {
  await client.json({ method: "POST", path: `/exec/${id}/resize`, query: { h: size.rows, w: size.columns }, context: "resizing the exec's terminal" }).catch(() => undefined);
}

/**
 * Attaches to a container over a hijacked connection (`stream=true`, no past logs, so it works
 * before the start and on a running container alike): output demultiplexed unless it has a TTY;
 * stdin copied in, then half-closed, which ends the container's stdin (StdinOnce) or, on a
 * container whose stdin stays open, this attachment's output. Aborting closes the connection.
 */
export async function attach(client: EngineClient, ref: string, options: AttachContainerOptions): Promise<Attachment> {
  const tty = options.tty ?? (await client.json<{ Config?: { Tty?: boolean } }>({ method: "GET", path: `/containers/${seg(ref)}/json` }))?.Config?.Tty === true;
  const sock = await client.hijack({
    method: "POST",
    path: `/containers/${seg(ref)}/attach`,
    query: { stream: true, stdin: options.stdin !== undefined, stdout: true, stderr: true, detachKeys: options.detachKeys },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `attaching to ${ref}`,
  });
  // The request's signal no longer reaches the upgraded socket.
  if (options.signal?.aborted) sock.destroy();
  else options.signal?.addEventListener("abort", () => sock.destroy(), { once: true });
  const feeding = options.stdin === undefined ? Promise.resolve() : feed(sock, options.stdin).catch(() => undefined);
  const output = drain(tty ? rawStdout(sock) : demux(sock), { streams: options.streams }).catch((error: unknown) => {
    if (!options.signal?.aborted) throw error;
  });
  return { done: Promise.all([output, feeding]).then(() => undefined) };
}

/**
 * Copies stdin into the exec's socket, then half-closes it. Stops once the socket closes: the
 * process may exit while stdin (a terminal, an idle pipe) still has nothing to say.
 */
async function feed(sock: Duplex, stdin: ByteSource): Promise<void> {
  if (stdin instanceof Uint8Array) {
    sock.end(stdin);
    return;
  }
  const closed = new Promise<{ done: true; value: undefined }>((resolve) => sock.once("close", () => resolve({ done: true, value: undefined })));
  const it = stdin[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([it.next(), closed]);
      if (next.done) break;
      sock.write(next.value);
    }
    sock.end();
  } finally {
    void it.return?.();
  }
}

async function execExitCode(client: EngineClient, id: string): Promise<number> {
  // The output ends when the process closes its streams; the exit code follows within moments.
  for (let i = 0; i < 100; i++) {
    const info = await client.json<{ Running?: boolean; ExitCode?: number | null }>({ method: "GET", path: `/exec/${id}/json` });
    if (!info.Running && typeof info.ExitCode === "number") return info.ExitCode;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new RuntimeError("other", `exec ${id} did not report an exit code`);
}

/** Uploads a tar archive and extracts it into `path`. */
export async function putArchive(client: EngineClient, ref: string, path: string, tar: ByteSource): Promise<void> {
  const file = tar instanceof Uint8Array ? Buffer.from(tar) : Readable.from(tar);
  await client.json({
    method: "PUT",
    path: `/containers/${seg(ref)}/archive`,
    query: { path },
    file,
    context: `copying into ${ref}:${path}`,
  });
}

/** Downloads `path` as a tar archive, with the engine's stat of it. */
export async function getArchive(client: EngineClient, ref: string, path: string): Promise<{ stat: PathStat; tar: AsyncIterable<Uint8Array> }> {
  const res = await client.stream({ method: "GET", path: `/containers/${seg(ref)}/archive`, query: { path }, context: `copying from ${ref}:${path}` });
  const header = res.headers["x-docker-container-path-stat"];
  const raw = typeof header === "string" ? (JSON.parse(Buffer.from(header, "base64").toString("utf8")) as Record<string, unknown>) : {};
  const stat: PathStat = {
    name: String(raw.name ?? ""),
    size: Number(raw.size ?? 0),
    mode: Number(raw.mode ?? 0),
    mtime: String(raw.mtime ?? ""),
    linkTarget: String(raw.linkTarget ?? ""),
  };
  return { stat, tar: res };
}

/** Reads a whole byte source (exported for callers that need a Buffer). */
export const readAll = collect;

/** The engine's event stream, with actions normalized and action filters applied here. */
export async function* events(client: EngineClient, options: EventsOptions = {}): AsyncGenerator<RuntimeEvent> {
  const f = options.filters ?? {};
  const filters: Record<string, string[]> = {};
  for (const key of ["type", "container", "network", "volume"] as const) {
    const values = f[key];
    if (values?.length) filters[key] = [...values];
  }
  const labels = labelFilter(f.label);
  if (labels.length > 0) filters.label = labels;
  if (options.signal?.aborted) return;
  const res = await client.stream({
    method: "GET",
    path: "/events",
    query: {
      since: options.since === undefined ? undefined : engineTime(options.since),
      until: options.until === undefined ? undefined : engineTime(options.until),
      filters: JSON.stringify(filters),
    },
    ...(options.signal ? { signal: options.signal } : {}),
    context: "reading engine events",
  });
  try {
    for await (const raw of quietOnAbort(jsonObjects(res), options.signal)) {
      const event = runtimeEvent(raw as Record<string, unknown>);
      if (f.event?.length && !f.event.includes(event.action)) continue;
      yield event;
    }
  } finally {
    res.destroy();
  }
}
