import type { LogLine } from "../runtime/runtime-types.js";

/** A chunk of one output stream. */
export interface StreamChunk {
  readonly stream: "stdout" | "stderr";
  readonly data: Buffer;
}

const HEADER = 8;

/**
 * Splits the engine's multiplexed stream (8-byte frame headers: stream type, 3 zero bytes,
 * big-endian length) into stdout/stderr chunks. Frames may straddle source chunks. A stdin
 * frame (type 0) is reported as stdout, as the engine only sends it for TTY-less echo.
 */
export async function* demux(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamChunk> {
  let pending = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER + size) break;
      const type = pending[0];
      const data = pending.subarray(HEADER, HEADER + size);
      pending = pending.subarray(HEADER + size);
      if (size > 0) yield { stream: type === 2 ? "stderr" : "stdout", data: Buffer.from(data) };
    }
  }
}

/** Wraps a raw (TTY) byte stream as stdout chunks. */
export async function* rawStdout(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamChunk> {
  for await (const chunk of source) yield { stream: "stdout", data: Buffer.from(chunk) };
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * Cuts chunks into lines per stream (a line may span chunks; UTF-8 is decoded per whole line),
 * dropping the newline and a trailing `\r`. With `timestamps`, the engine's leading RFC 3339
 * time is moved into `time`. A last line without newline is emitted when the source ends.
 */
export async function* toLines(chunks: AsyncIterable<StreamChunk>, timestamps = false): AsyncGenerator<LogLine> {
  const buffers: Record<"stdout" | "stderr", Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  const make = (stream: "stdout" | "stderr", bytes: Buffer): LogLine => {
    let text = bytes.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (timestamps) {
      const m = TIMESTAMP.exec(text);
      if (m?.[1]) return { stream, text: text.slice(m[0].length), time: m[1] };
    }
    return { stream, text };
  };
  for await (const { stream, data } of chunks) {
    let buf = buffers[stream].length === 0 ? data : Buffer.concat([buffers[stream], data]);
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      yield make(stream, buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    buffers[stream] = buf;
  }
  for (const stream of ["stdout", "stderr"] as const) {
    if (buffers[stream].length > 0) yield make(stream, buffers[stream]);
  }
}

/** Parses a stream of newline-separated (or merely concatenated) JSON objects. */
export async function* jsonObjects(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  let pending = "";
  for await (const chunk of source) {
    pending += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield JSON.parse(line) as unknown;
      nl = pending.indexOf("\n");
    }
  }
  if (pending.trim()) yield JSON.parse(pending) as unknown;
}

/** Turns a Uint8Array or an async iterable of chunks into one Buffer. */
export async function collect(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<Buffer> {
  if (source instanceof Uint8Array) return Buffer.from(source);
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}
