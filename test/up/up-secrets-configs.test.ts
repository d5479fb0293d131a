import { afterAll, describe, expect, it } from "vitest";
import type { CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { containersOf, execIn, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

// Secrets given by `environment`, configs given by `content` or `environment`, with default and
// custom targets, modes and owners: what `tsc-up -d` leaves in the containers, read back through
// the engine, and the same as what `docker compose up -d` (2.40) leaves on the same file.
const engine = await engineOrSkip("up: secrets and configs");
const composeVersion = engine ? await referenceComposeOrSkip("up: secrets and configs") : undefined;
const projects = new Projects(() => engine?.runtime);
const dir = fixture("up-secrets-configs");
const ENV = { GREETING: "there", CFG_VAR: "cfg value", SEC_VAR: "s3cret", EMPTY_VAR: "" };

/** The paths each service's container is asked about. */
const PATHS: Record<string, readonly string[]> = {
  app: ["/greeting", "/etc/app/env.conf", "/rel/greeting.txt", "/empty", "/run/secrets/token", "/deep/dir/token.txt", "/run/secrets/custom", "/deep/dir", "/etc/app"],
  owned: ["/etc/app/env.conf", "/greeting"],
};

/** `mode uid gid` and the content of each path (`<missing>` when absent) in `<project>-<service>-1`. */
async function view(project: string, service: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of PATHS[service] ?? []) {
    const script = `if [ -e ${p} ]; then stat -c '%a %u %g' ${p}; if [ -f ${p} ]; then cat ${p}; fi; else echo '<missing>'; fi`;
    const r = await execIn(engine!.runtime, `${project}-${service}-1`, ["sh", "-c", script]);
    expect(r.exitCode, r.stderr).toBe(0);
    out[p] = r.stdout;
  }
  return out;
}

/** `docker compose -p PROJECT ARGS` in the fixture with `env` (and PATH, HOME). */
function referenceCompose(project: string, args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return runDocker(["compose", "-p", project, ...args], { cwd: dir, env });
}

const up = (project: string, env: Record<string, string>) => runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "-d"], env);

describe.skipIf(!engine)("up: secrets and configs", () => {
  afterAll(() => projects.cleanup());

  it("copies secrets and configs from environment and content into the containers, with their targets, modes and owners", async () => {
    const project = projects.next("tsc-secrets");
    expectExit(await up(project, ENV), 0);
    const app = await view(project, "app");
    expect(app).toEqual({
      "/greeting": "444 0 0\nhello there, $HOME stays\n",
      "/etc/app/env.conf": "600 123 456\ncfg value",
      "/rel/greeting.txt": "444 0 0\nhello there, $HOME stays\n",
      "/empty": "<missing>\n",
      "/run/secrets/token": "444 0 0\ns3cret",
      "/deep/dir/token.txt": "400 7 0\ns3cret",
      "/run/secrets/custom": "644 0 0\nfrom a file\n",
      "/deep/dir": "755 0 0\n",
      "/etc/app": "755 0 0\n",
    });
    // With a `user:`, the engine gives a file that has a uid/gid to that user, as for Compose.
    expect(await view(project, "owned")).toEqual({ "/etc/app/env.conf": "640 1000 1000\ncfg value", "/greeting": "<missing>\n" });
  });

  it("fails with Compose's message when a variable is not set, and creates nothing", async () => {
    const project = projects.next("tsc-secrets-unset");
    const r = await up(project, { GREETING: "there", SEC_VAR: "s3cret" });
    expectExit(r, 1);
    expect(r.stderr).toContain(`environment variable "CFG_VAR" required by config "${project}_from_env" is not set`);
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });

  it.skipIf(!composeVersion)("leaves the same files as docker compose up", async () => {
    const ours = projects.next("tsc-secrets-ours");
    const reference = projects.next("tsc-secrets-ref");
    expectExit(await up(ours, ENV), 0);
    const ref = await referenceCompose(reference, ["up", "-d"], ENV);
    expect(ref.code, ref.stderr).toBe(0);
    for (const service of Object.keys(PATHS)) expect(await view(ours, service)).toEqual(await view(reference, service));

    // Compose fails at up time with the same words (after creating the containers; tscompose before).
    const unset = projects.next("tsc-secrets-ref-unset");
    const failed = await referenceCompose(unset, ["up", "-d"], { GREETING: "there", SEC_VAR: "s3cret" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`environment variable "CFG_VAR" required by config "${unset}_from_env" is not set`);
  });
});
