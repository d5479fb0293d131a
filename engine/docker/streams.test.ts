import { describe, expect, it } from "vitest";
import { demux, jsonObjects, toLines } from "./streams.js";

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield p;
}

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

describe("demux + toLines", () => {
  it("splits frames that straddle chunks and lines that straddle frames", async () => {
    const raw = Buffer.concat([frame(1, "hel"), frame(2, "oops\n"), frame(1, "lo\nwor"), frame(1, "ld")]);
    const lines = await all(toLines(demux(chunks(raw.subarray(0, 5), raw.subarray(5, 17), raw.subarray(17)))));
    expect(lines).toEqual([
      { stream: "stderr", text: "oops" },
      { stream: "stdout", text: "hello" },
      { stream: "stdout", text: "world" },
    ]);
  });

  it("moves the engine's timestamps into `time` and keeps UTF-8 intact across chunks", async () => {
    const text = "2024-05-01T10:00:00.123456789Z héllo\r\n";
    const raw = frame(1, text);
    // Cut inside the two-byte "é" so decoding must wait for the whole line.
    const cut = 8 + Buffer.from("2024-05-01T10:00:00.123456789Z h").length + 1;
    const stamped = await all(toLines(demux(chunks(raw.subarray(0, cut), raw.subarray(cut))), true));
    expect(stamped).toEqual([{ stream: "stdout", text: "héllo", time: "2024-05-01T10:00:00.123456789Z" }]);
  });
});

describe("jsonObjects", () => {
  it("parses newline-separated objects split anywhere", async () => {
    const out = await all(jsonObjects(chunks(Buffer.from('{"a":1}\n{"b"'), Buffer.from(":2}\n{\"c\":3}"))));
    expect(out).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });
});
