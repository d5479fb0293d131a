import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, type CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

// `exec` and `run` in a terminal: the remote TTY takes the local terminal's size. `script` (util-
// linux) gives the CLI a pseudo-terminal whose size `stty` sets first.
const engine = await engineOrSkip("tty size");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("oneoff-exec");
const project = projects.next("tsc-tty");

/** Runs the CLI with `args` inside a 33×111 pseudo-terminal; `stdinFrom`: a shell pipeline feeding its stdin instead. */
function inTerminal(args: readonly string[], stdinFrom?: string): Promise<CliResult> {
  const quoted = ["node", CLI_PATH, "--progress", "quiet", "-p", project, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", `stty rows 33 cols 111; ${stdinFrom ? `${stdinFrom} | ` : ""}${quoted}`, "/dev/null"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"], timeout: 60_000, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    // stdin stays open (an EOF would reach the terminal) until the session ends.
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!engine)("TTY sessions follow the local terminal's size", () => {
  beforeAll(async () => {
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
  });
  afterAll(async () => {
    await projects.cleanup();
  });

  it("exec with a TTY reports the local terminal's rows and columns", async () => {
    // Engines before API 1.42 open an exec's TTY at 0×0 and take the size from a resize just after
    // the start: the command reads it a moment later, as an interactive shell would.
    const r = await inTerminal(["exec", "app", "sh", "-c", "sleep 1; stty size"]);
    expect(r.stdout).toContain("33 111");
    expect(r.code).toBe(0);
  });

  it("in a terminal, stdin from a pipe is piped to exec and run without a TTY, and all the output comes back", async () => {
    for (const args of [["exec"], ["run", "--rm", "--no-deps"]]) {
      const r = await inTerminal([...args, "app", "sh", "-c", "sleep 0.3; cat; [ -t 1 ] && echo tty || echo no-tty"], "echo piped-data");
      expect(r.stdout.replaceAll("\r", "")).toBe("piped-data\nno-tty\n");
      expect(r.code).toBe(0);
    }
  });

  it("run with a TTY reports them too once started", async () => {
    const r = await inTerminal(["run", "--rm", "--no-deps", "app", "sh", "-c", "sleep 1; stty size"]);
    expect(r.stdout).toContain("33 111");
    expect(r.code).toBe(0);
  });
});
