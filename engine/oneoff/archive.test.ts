import { describe, expect, it } from "vitest";
import { packTar, unpackTar } from "./archive.js";

describe("packTar / unpackTar", () => {
  it("round-trips files, directories and symlinks with modes", async () => {
    const tar = await packTar([
      { name: "dir/", type: "directory", mode: 0o750 },
      { name: "dir/a.txt", type: "file", content: Buffer.from("A"), mode: 0o600, uid: 1000, gid: 1000 },
      { name: "dir/link", type: "symlink", linkTarget: "a.txt" },
    ]);
    const back = await unpackTar(tar);
    expect(back.map((e) => [e.name, e.type, e.mode])).toEqual([
      ["dir/", "directory", 0o750],
      ["dir/a.txt", "file", 0o600],
      ["dir/link", "symlink", 0o644],
    ]);
    expect(Buffer.from(back[1]?.content ?? []).toString()).toBe("A");
    expect(back[1]?.uid).toBe(1000);
    expect(back[2]?.linkTarget).toBe("a.txt");
  });
});
