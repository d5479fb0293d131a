import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkOutputPath, writeFileAtomic } from "./output-file.js";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "tsc-out-"));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function* chunks(parts: readonly string[], failAfter?: number): AsyncGenerator<Uint8Array> {
  for (const [i, p] of parts.entries()) {
    if (i === failAfter) throw new Error("engine went away");
    yield Buffer.from(p);
  }
}

describe("writeFileAtomic", () => {
  it("writes the whole source, replacing an existing file, mode 0600, leaving no temporary file", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "out.tar");
    await writeFile(file, "old");
    await writeFileAtomic(file, chunks(["a", "b".repeat(100_000), "c"]));
    expect(await readFile(file, "utf8")).toBe(`a${"b".repeat(100_000)}c`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["out.tar"]);
  });

  it("on a failing source or an abort, removes its temporary file and leaves the existing file intact", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "out.tar");
    await writeFile(file, "precious");
    await expect(writeFileAtomic(file, chunks(["a", "b", "c"], 2))).rejects.toThrow("engine went away");
    const aborted = new AbortController();
    aborted.abort();
    await expect(writeFileAtomic(file, chunks(["partial"]), { signal: aborted.signal })).rejects.toMatchObject({ code: "E_INTERRUPTED", kind: "interrupted" });
    expect(await readFile(file, "utf8")).toBe("precious");
    expect(await readdir(dir)).toEqual(["out.tar"]);
  });
});

describe("checkOutputPath", () => {
  it("refuses a missing directory and a directory as the file (bad usage)", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "sub"));
    await checkOutputPath(path.join(dir, "new.tar"));
    await expect(checkOutputPath(path.join(dir, "nope", "x.tar"))).rejects.toMatchObject({ code: "E_USAGE", kind: "bad-input", message: expect.stringContaining("does not exist") });
    await expect(checkOutputPath(path.join(dir, "sub"))).rejects.toMatchObject({ code: "E_USAGE", message: expect.stringContaining("is a directory") });
  });
});
