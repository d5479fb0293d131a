import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { containersOf, expectExit, Projects } from "../kits/up-kit.js";

// The CLI reaches the engine through a docker CLI context, as `docker compose` does, when
// DOCKER_HOST is unset: here a context whose socket is a link to the engine's, another whose
// socket does not exist, in a config folder of the test's own (DOCKER_CONFIG).
const engine = await engineOrSkip("docker contexts");
const projects = new Projects(() => engine?.runtime);
const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-context-"));
writeFileSync(path.join(dir, "compose.yaml"), "services:\n  web:\n    image: tscompose-busybox:latest\n    command: [\"sleep\", \"600\"]\n");
const config = path.join(dir, "docker-config");
const linked = path.join(dir, "linked.sock");
// The engine's own socket (the tests' DOCKER_HOST when it names one).
const engineSocket = process.env["DOCKER_HOST"]?.startsWith("unix://") ? process.env["DOCKER_HOST"].slice("unix://".length) : "/var/run/docker.sock";
symlinkSync(engineSocket, linked);
for (const [name, host] of [["linked", `unix://${linked}`], ["nowhere", `unix://${dir}/nowhere.sock`]]) {
  const meta = path.join(config, "contexts/meta", createHash("sha256").update(name as string).digest("hex"));
  mkdirSync(meta, { recursive: true });
  writeFileSync(path.join(meta, "meta.json"), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}
writeFileSync(path.join(config, "config.json"), JSON.stringify({ auths: {}, currentContext: "nowhere" }));
const cli = (project: string, args: readonly string[], env: Record<string, string>) => runCli({ cwd: dir, args: ["--progress", "plain", "-p", project, ...args], env: { DOCKER_CONFIG: config, ...env } });

describe.skipIf(!engine)("docker CLI contexts", () => {
  afterAll(() => projects.cleanup());

  it("uses the config's current context: its socket, named in the error when nothing listens there", async () => {
    const r = await cli(projects.next("tsc-ctx-nowhere"), ["ps"], {});
    expectExit(r, 1);
    expect(r.stderr).toContain(`cannot reach the Docker Engine at unix://${dir}/nowhere.sock`);
  });

  it("DOCKER_CONTEXT picks another context, which brings the project up on the engine behind it", async () => {
    const project = projects.next("tsc-ctx-linked");
    expectExit(await cli(project, ["up", "-d"], { DOCKER_CONTEXT: "linked" }), 0);
    expect((await containersOf(engine!.runtime, project)).map((c) => c.name)).toEqual([`${project}-web-1`]);
    const ps = await cli(project, ["ps", "--format", "{{.Name}}"], { DOCKER_CONTEXT: "linked" });
    expectExit(ps, 0);
    expect(ps.stdout).toBe(`${project}-web-1\n`);
  });

  it("DOCKER_HOST wins over every context; an unknown DOCKER_CONTEXT is a clear error", async () => {
    expectExit(await cli(projects.next("tsc-ctx-host"), ["ps"], { DOCKER_HOST: `unix://${engineSocket}`, DOCKER_CONTEXT: "nowhere" }), 0);
    const r = await cli(projects.next("tsc-ctx-gone"), ["ps"], { DOCKER_CONTEXT: "gone" });
    expectExit(r, 1);
    expect(r.stderr).toContain('docker context "gone" (from DOCKER_CONTEXT) was not found');
    expect(r.stderr).toContain("docker context ls");
  });
});
