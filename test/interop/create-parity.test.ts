import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { referenceComposeOrSkip } from "../helpers/reference-compose.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

// `tscompose create` makes the same engine objects as `docker compose create` (2.40): the same
// project created by both tools, then the fields the create body decides compared through
// `docker inspect`, the engine's own view. Binds, Mounts and Env are sorted: Compose builds them
// from Go maps, in no stable order.
const engine = await engineOrSkip("create parity with docker compose");
const composeVersion = engine ? await referenceComposeOrSkip("create parity with docker compose") : undefined;
const projects = new Projects(() => engine?.runtime);
const dir = fixture("create-parity");


type Json = Record<string, unknown>;

function inspect(kind: "container" | "volume", ...names: string[]): Json[] {
  return JSON.parse(execFileSync("docker", [kind, "inspect", ...names], { encoding: "utf8" })) as Json[];
}

/** The create-body fields of a project's container, with the project name replaced by `P`. */
function containerView(project: string): unknown {
  const [c] = inspect("container", `${project}-app-1`);
  const config = (c?.["Config"] ?? {}) as Json;
  const host = (c?.["HostConfig"] ?? {}) as Json;
  const view = {
    config: pick(config, ["AttachStdin", "AttachStdout", "AttachStderr", "Cmd", "Entrypoint", "ExposedPorts"]),
    env: [...((config["Env"] as string[] | null) ?? [])].sort(),
    host: pick(host, ["CapAdd", "CapDrop", "ExtraHosts", "PortBindings", "MemorySwappiness", "Annotations", "Tmpfs", "NetworkMode"]),
    binds: [...((host["Binds"] as string[] | null) ?? [])].sort(),
    mounts: [...((host["Mounts"] as Json[] | null) ?? [])].sort((a, b) => String(a["Target"]).localeCompare(String(b["Target"]))),
  };
  return JSON.parse(JSON.stringify(view).split(project).join("P"));
}

/**
 * A project volume's driver, options and labels, without the version and project labels, and
 * with the config hash only as present or not (it hashes the volume's name, which holds the project's).
 */
function volumeView(project: string, key: string): unknown {
  const [v] = inspect("volume", `${project}_${key}`);
  const labels: Record<string, string> = { ...((v?.["Labels"] as Record<string, string> | null) ?? {}) };
  delete labels["com.docker.compose.version"];
  delete labels["com.docker.compose.project"];
  if (labels["com.docker.compose.config-hash"]) labels["com.docker.compose.config-hash"] = "<present>";
  return { driver: v?.["Driver"], options: v?.["Options"], labels };
}

function pick(from: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.map((k) => [k, from[k] ?? null]));
}

describe.skipIf(!engine || !composeVersion)("create parity with docker compose", () => {
  afterAll(() => projects.cleanup());

  it("creates the same container and volumes as docker compose create", async () => {
    const reference = projects.next("ref-parity");
    const ours = projects.next("tsc-parity");
    const ref = spawnSync("docker", ["compose", "-p", reference, "create"], { cwd: dir, encoding: "utf8" });
    expect(ref.status, `docker compose create: ${ref.stderr}`).toBe(0);
    expectExit(await compose(dir, ours, ["create"]), 0);

    const theirs = containerView(reference);
    const mine = containerView(ours);
    expect(mine).toEqual(theirs);
    // The fixes this test guards, spelled out (the comparison above would also catch them).
    expect(mine).toMatchObject({
      config: { AttachStdout: true, AttachStderr: true, Entrypoint: [], ExposedPorts: { "5432": {}, "7000-7001/udp": {}, "80/tcp": {}, "53/udp": {} } },
      host: { CapAdd: ["CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_TIME"], CapDrop: ["ALL", "CAP_MKNOD"], ExtraHosts: [], MemorySwappiness: null },
    });
    expect((mine as { binds: string[] }).binds).toContain("P_named:/short-named:rw");
    for (const key of ["named", "tuned"]) expect(volumeView(ours, key), `volume ${key}`).toEqual(volumeView(reference, key));
  });

  it("fails, as docker compose does, on a missing source of a long-syntax bind with a bind: section", async () => {
    const reference = projects.next("ref-parity");
    const ours = projects.next("tsc-parity");
    const file = ["-f", "compose.missing-source.yaml"];
    const ref = spawnSync("docker", ["compose", ...file, "-p", reference, "create"], { cwd: dir, encoding: "utf8" });
    expect(ref.status).not.toBe(0);
    expect(ref.stderr).toContain("bind source path does not exist");
    const r = await compose(dir, ours, [...file, "create"]);
    expectExit(r, 1);
    expect(r.stderr).toContain("bind source path does not exist");
  });
});
