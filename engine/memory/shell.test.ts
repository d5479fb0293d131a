import { describe, expect, it } from "vitest";
import { ContainerFs } from "./container-fs.js";
import { MemFs } from "./mem-fs.js";
import { runArgv, type ShellHost } from "./shell.js";

function host(): ShellHost & { traps: Map<string, string | undefined> } {
  const root = new MemFs();
  root.mkdirp("/tmp");
  const traps = new Map<string, string | undefined>();
  return {
    fs: new ContainerFs(root, []),
    hostname: "box",
    uid: 0,
    lookup: (name) => (name === "db" ? "172.18.0.2" : undefined),
    interruptible: (p) => p,
    trap: (s, a) => void traps.set(s, a),
    traps,
  };
}

async function sh(script: string, h = host(), stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runArgv(["sh", "-c", script], { NAME: "world" }, "/", h, {
    stdout: (d) => void (out += d.toString()),
    stderr: (d) => void (err += d.toString()),
    stdin: async () => Buffer.from(stdin),
  });
  return { code, out, err };
}

describe("the memory runtime's shell", () => {
  it("runs sequences, && / ||, quotes and variables", async () => {
    expect(await sh(`echo "hello $NAME"; false && echo no || echo 'it $failed'`)).toEqual({ code: 0, out: "hello world\nit $failed\n", err: "" });
  });

  it("exits with the given status and stops there", async () => {
    expect(await sh("echo a; exit 3; echo b")).toMatchObject({ code: 3, out: "a\n" });
    expect((await sh("false; echo $?")).out).toBe("1\n");
  });

  it("redirects to files, stderr and /dev/null, and reads them back", async () => {
    const h = host();
    expect(await sh("echo one > /tmp/f; echo two >> /tmp/f; echo err >&2; echo gone 2>/dev/null >/dev/null", h)).toMatchObject({ out: "", err: "err\n" });
    expect((await sh("cat /tmp/f; cat /tmp/missing 2>&1", h)).out).toBe("one\ntwo\ncat: can't open '/tmp/missing': No such file or directory\n");
  });

  it("supports pipes, if, test and loops", async () => {
    expect((await sh("echo abc | cat")).out).toBe("abc\n");
    expect((await sh("if [ -f /tmp/x ]; then echo yes; else echo no; fi")).out).toBe("no\n");
    expect((await sh("touch /tmp/x; while [ ! -f /tmp/x ]; do sleep 1; done; echo done")).out).toBe("done\n");
  });

  it("resolves names with nslookup like busybox", async () => {
    const ok = await sh("nslookup db");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Address: 172.18.0.2");
    expect((await sh("nslookup nope")).code).toBe(1);
  });

  it("records traps, reads stdin and reports unknown commands and syntax errors", async () => {
    const h = host();
    await sh("trap 'exit 0' TERM INT", h);
    expect([...h.traps.keys()]).toEqual(["TERM", "INT"]);
    expect((await sh("cat", host(), "piped")).out).toBe("piped");
    expect(await sh("frobnicate")).toMatchObject({ code: 127, err: "sh: frobnicate: not found\n" });
    expect((await sh("echo 'open")).code).toBe(2);
  });
});
