import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, eventually, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("exec");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("oneoff-exec");
const project = projects.next("tsc-exec");
const run = (args: readonly string[]) => compose(dir, project, args);

describe.skipIf(!engine)("exec on a real engine", () => {
  beforeAll(async () => {
    expectExit(await run(["up", "-d"]), 0);
  });
  afterAll(async () => {
    await projects.cleanup();
  });

  it("exits with the command's code and applies -e, -u and -w", async () => {
    const r = await run(["exec", "-e", "FOO=bar", "-u", "1000", "-w", "/tmp", "app", "sh", "-c", "echo $FOO $FROM_FILE; id -u; pwd; exit 4"]);
    expectExit(r, 4);
    expect(r.stdout).toBe("bar file-value\n1000\n/tmp\n");
  });

  it("keeps stdout and stderr apart without a TTY, and forwards stdin", async () => {
    const r = await runCli({ cwd: dir, args: ["--progress", "plain", "-p", project, "exec", "-T", "app", "sh", "-c", "cat; echo oops >&2"], stdin: "piped\n" });
    expectExit(r, 0);
    expect(r.stdout).toBe("piped\n");
    expect(r.stderr).toBe("oops\n");
  });

  it("--index picks the container; -d returns at once while the command runs on", async () => {
    const second = (await engine!.runtime.inspectContainer(`${project}-app-2`)).config.hostname;
    const r = await run(["exec", "--index", "2", "app", "hostname"]);
    expectExit(r, 0);
    expect(r.stdout.trim()).toBe(second);
    const d = await run(["exec", "-d", "app", "sh", "-c", "sleep 1; touch /tmp/detached"]);
    expectExit(d, 0);
    await eventually(async () => (await engine!.runtime.exec(`${project}-app-1`, { cmd: ["test", "-f", "/tmp/detached"] })).exitCode === 0, "the detached command's file");
  });

  it("accepts docker exec's -it, which changes nothing: no TTY when stdout is not a terminal", async () => {
    for (const flags of [["-it"], ["-t"], ["-i", "--tty"]]) {
      const r = await run(["exec", ...flags, "app", "sh", "-c", "[ -t 1 ] && echo tty || echo no-tty"]);
      expectExit(r, 0);
      expect(r.stdout).toBe("no-tty\n");
    }
  });

  it("fails with a clear message for a service without a running container", async () => {
    const r = await run(["exec", "--index", "7", "app", "true"]);
    expectExit(r, 1);
    expect(r.stderr).toContain('service "app" has no running container with index 7');
  });
});
