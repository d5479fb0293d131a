import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, type CliResult } from "../helpers/cli.js";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, docker, eventually, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("export and commit");
const projects = new Projects(() => engine?.runtime);
const composeFile = path.join(fixture("verbs-export-commit"), "compose.yaml");
const project = projects.next("tsc-verbs-xc");
const work = mkdtempSync(path.join(tmpdir(), "tsc-export-"));
const image = (tag: string) => `${project}-img:${tag}`;
const run = (args: readonly string[]) => compose(work, project, ["-f", composeFile, ...args]);

/** Runs `tscompose … export ARGS` with stdout redirected to `file` (as `> file` in a shell). */
function exportToFile(args: readonly string[], file: string): Promise<CliResult> {
  const fd = openSync(file, "w");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const child = spawn(process.execPath, ["--", CLI_PATH, "--progress", "plain", "-p", project, "-f", composeFile, "export", ...args], { cwd: work, env, stdio: ["ignore", fd, "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      closeSync(fd);
      resolve({ code, stdout: "", stderr });
    });
  });
}

/** The entries of a tar file and one member's content, read by the system's `tar`. */
const tarList = (file: string) => execFileSync("tar", ["-tf", file], { encoding: "utf8" }).split("\n");
const tarRead = (file: string, member: string) => execFileSync("tar", ["-xOf", file, member], { encoding: "utf8" });

async function imageInspect(ref: string): Promise<{ Id: string; Comment: string; Author: string; Config: { Env: string[] } }> {
  const r = await docker("image", "inspect", ref);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as [{ Id: string; Comment: string; Author: string; Config: { Env: string[] } }])[0];
}

/** Runs `cmd` in a new container of `ref` (labelled, so the project's cleanup removes it) and returns its output. */
async function runFrom(ref: string, cmd: string[]): Promise<string> {
  const rt = engine!.runtime;
  const id = await rt.createContainer({ image: ref, cmd, labels: { [PROJECT_LABEL]: project } });
  try {
    await rt.startContainer(id);
    expect(await rt.waitContainer(id)).toBe(0);
    const lines: string[] = [];
    for await (const l of rt.logs(id)) lines.push(l.text);
    return lines.join("\n");
  } finally {
    await rt.removeContainer(id, { force: true });
  }
}

describe.skipIf(!engine)("export and commit on a real engine", () => {
  beforeAll(async () => {
    expectExit(await run(["up", "-d"]), 0);
    await eventually(async () => (await engine!.runtime.exec(`${project}-svc-1`, { cmd: ["cat", "/data.txt"] })).stdout === "hello\n", "svc wrote /data.txt");
  });
  afterAll(async () => {
    await projects.cleanup();
    await Promise.allSettled(["one", "env"].map((t) => engine!.runtime.removeImage(image(t), { force: true })));
    rmSync(work, { recursive: true, force: true });
  });

  it("export -o writes the container's filesystem as a tar, replacing an existing file and leaving no temporary file", async () => {
    const out = path.join(work, "out.tar");
    writeFileSync(out, "old content");
    const r = await run(["export", "-o", "out.tar", "svc"]);
    expectExit(r, 0);
    expect(r.stdout).toBe("");
    expect(tarList(out)).toEqual(expect.arrayContaining(["data.txt", "bin/busybox"]));
    expect(tarRead(out, "data.txt")).toBe("hello\n");
    expect(readdirSync(work).filter((f) => f.includes("out.tar"))).toEqual(["out.tar"]);
  });

  it("export without -o streams the tar to a redirected stdout", async () => {
    const out = path.join(work, "stdout.tar");
    const r = await exportToFile(["svc"], out);
    expectExit(r, 0);
    expect(tarRead(out, "data.txt")).toBe("hello\n");
  });

  it("--index of a replica that does not exist fails clearly, and an existing -o file is left intact", async () => {
    const out = path.join(work, "kept.tar");
    writeFileSync(out, "precious");
    const r = await run(["export", "--index", "2", "-o", "kept.tar", "svc"]);
    expectExit(r, 1);
    expect(r.stderr).toContain('service "svc" has no running container with index 2');
    expect(readFileSync(out, "utf8")).toBe("precious");
    const c = await run(["commit", "--index", "2", "svc", image("never")]);
    expectExit(c, 1);
    expect(c.stderr).toContain('service "svc" has no running container with index 2');
  });

  it("bad input exits 2 before the engine: an undeclared service, a bad --change, a bad reference, a bad -o", async () => {
    const cases: [string[], string][] = [
      [["export", "-o", "x.tar", "nope"], "no such service: nope"],
      [["commit", "nope"], "no such service: nope"],
      [["commit", "-c", "RUN make", "svc"], "RUN is not an instruction commit can apply"],
      [["commit", "svc", "Not/Lower"], "repository names must be lowercase"],
      [["export", "-o", "missing-dir/x.tar", "svc"], "does not exist"],
      [["export", "--index", "two", "svc"], "not a whole number"],
    ];
    // An engine that cannot be reached proves none of them got that far: it would make them exit 1.
    const unreachable = { env: { DOCKER_HOST: "tcp://127.0.0.1:1" } };
    for (const [args, message] of cases) {
      const r = await compose(work, project, ["-f", composeFile, ...args], unreachable);
      expectExit(r, 2);
      expect(r.stderr).toContain(message);
    }
    const control = await compose(work, project, ["-f", composeFile, "export", "-o", "x.tar", "svc"], unreachable);
    expectExit(control, 1);
    expect(readdirSync(work).filter((f) => f.startsWith("x.tar") || f.startsWith(".x.tar"))).toEqual([]);
  });

  it("commit prints the new image's id; a container of that image has the service's file", async () => {
    const r = await run(["commit", "svc", image("one")]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const inspected = await imageInspect(image("one"));
    expect(inspected.Id).toBe(r.stdout.trim());
    expect(await runFrom(image("one"), ["cat", "/data.txt"])).toBe("hello");
    expect((await engine!.runtime.inspectContainer(`${project}-svc-1`)).state.status).toBe("running");
  });

  it("commit -c, -m and -a set the image's Env, Comment and Author; --pause=false commits a running container", async () => {
    const r = await run(["commit", "-c", "ENV FOO=bar", "-c", "LABEL tsc.test=commit", "-m", "a message", "-a", "me <me@example.com>", "--pause=false", "svc", image("env")]);
    expectExit(r, 0);
    const inspected = await imageInspect(image("env"));
    expect(inspected.Id).toBe(r.stdout.trim());
    expect(inspected).toMatchObject({ Comment: "a message", Author: "me <me@example.com>" });
    expect(inspected.Config.Env).toContain("FOO=bar");
    expect(await runFrom(image("env"), ["sh", "-c", "echo $FOO"])).toBe("bar");
  });
});
