import { describe, expect, it } from "vitest";
import { ProjectError } from "../../spec/errors.js";
import { DEFAULT_DETACH_KEYS, detachFilter, parseDetachKeys } from "./detach-keys.js";

async function run(chunks: string[], keys: string): Promise<{ passed: string; detached: boolean }> {
  let detached = false;
  const source = (async function* () {
    for (const c of chunks) yield Buffer.from(c, "latin1");
  })();
  let passed = "";
  for await (const c of detachFilter(source, parseDetachKeys(keys), () => (detached = true))) passed += Buffer.from(c).toString("latin1");
  return { passed, detached };
}

describe("detach keys", () => {
  it("parses the docker CLI's key names", () => {
    expect([...parseDetachKeys(DEFAULT_DETACH_KEYS)]).toEqual([16, 17]);
    expect([...parseDetachKeys("ctrl-@,ctrl-a,ctrl-z,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,DEL,x")]).toEqual([0, 1, 26, 27, 28, 29, 30, 31, 127, 120]);
    expect(() => parseDetachKeys("ctrl-1")).toThrow(ProjectError);
    expect(() => parseDetachKeys("alt-x")).toThrow(/unknown key 'alt-x'/);
  });

  it("passes input through, holds back a partial sequence, and stops at the whole one without passing it on", async () => {
    expect(await run(["hello\n", "world"], DEFAULT_DETACH_KEYS)).toEqual({ passed: "hello\nworld", detached: false });
    expect(await run(["ab\x10", "\x11cd"], DEFAULT_DETACH_KEYS)).toEqual({ passed: "ab", detached: true });
    // A broken-off prefix goes through; a repeated first key starts the match anew.
    expect(await run(["\x10x\x10\x10\x11rest"], DEFAULT_DETACH_KEYS)).toEqual({ passed: "\x10x\x10", detached: true });
    expect(await run(["tail\x10"], DEFAULT_DETACH_KEYS)).toEqual({ passed: "tail\x10", detached: false });
    expect(await run(["a", "q", "b"], "q")).toEqual({ passed: "a", detached: true });
  });
});
