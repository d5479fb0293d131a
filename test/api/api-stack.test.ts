import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, loadStack, log, ProbeError, tcp, type Stack } from "../../api/index.js";
import { LABELS } from "../../engine/runtime/labels.js";
import { engineOrSkip, type TestEngine } from "../helpers/engine.js";
import { compose, expectExit, fixture } from "../kits/up-kit.js";

const engine: TestEngine | undefined = await engineOrSkip("api-stack");
const suite = engine ? describe : describe.skip;

suite("the TypeScript API on the real engine", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await loadStack({ cwd: fixture("api-stack"), env: process.env });
    await stack.up({ probes: [tcp("web", 8080), http("web", 8080, "/index.html", { status: 200 }), log("web", /web ready on \d+/)] });
  });

  afterAll(async () => {
    await stack?.down().catch(() => undefined);
  });

  it("names the project tsc-<8 hex> and lists its containers running, the db healthy", async () => {
    expect(stack.name).toMatch(/^tsc-[0-9a-f]{8}$/);
    const entries = await stack.ps();
    expect(entries.map((e) => [e.Service, e.State, e.Health])).toEqual([
      ["db", "running", "healthy"],
      ["web", "running", ""],
    ]);
    expect(entries[1]?.Publishers.some((p) => p.TargetPort === 8080 && p.PublishedPort > 0)).toBe(true);
  });

  it("port answers an address that serves the page", async () => {
    const { host, port } = await stack.port("web", 8080);
    const response = await fetch(`http://${host}:${port}/index.html`);
    expect(await response.text()).toBe("hello\n");
    expect(await stack.url("web", 8080, "/index.html")).toBe(`http://${host}:${port}/index.html`);
  });

  it("exec returns the command's exit code and output", async () => {
    expect(await stack.exec("db", ["sh", "-c", "echo $ROLE; echo oops >&2; exit 5"])).toEqual({ exitCode: 5, stdout: "db\n", stderr: "oops\n" });
    expect(await stack.exec("web", "cat /www/index.html", { workdir: "/" })).toMatchObject({ exitCode: 0, stdout: "hello\n" });
  });

  it("run starts a one-off with its environment, returns its result and removes it", async () => {
    const result = await stack.run("db", ["sh", "-c", "echo $ROLE-$EXTRA; exit 4"], { env: { EXTRA: "x" } });
    expect(result).toEqual({ exitCode: 4, stdout: "db-x\n", stderr: "" });
    const left = await engine!.runtime.listContainers({ all: true, labels: { [LABELS.project]: stack.name, [LABELS.oneoff]: "True" } });
    expect(left).toEqual([]);
  });

  it("logs returns the services' output with Compose's prefixes", async () => {
    expect(await stack.logs({ services: ["web"] })).toContain("web-1  | web ready on 8080\n");
    const entries = await stack.logEntries({ services: ["db"], tail: 1 });
    expect(entries.map((e) => [e.container, e.text])).toEqual([[`${stack.name}-db-1`, "db starting"]]);
  });

  it("a probe that cannot pass times out naming the probe, the last error and the service's last lines", async () => {
    const error = await stack.waitFor([http("web", 8080, "/missing", { status: 200, timeoutMs: 1500 })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    const e = error as ProbeError;
    expect(e.message).toMatch(/^probe http web:8080\/missing \(status 200\) did not pass within 1\.5s; last error: answered 404, expected 200$/);
    expect(e.logs).toContain("web ready on 8080");
    const failure = (x: unknown): ProbeError => {
      if (!(x instanceof ProbeError)) throw x;
      return x;
    };
    const notPublished = await stack.waitFor([tcp("db", 5432, { timeoutMs: 500 })]).then(() => failure(new Error("the probe passed")), failure);
    expect(notPublished.lastError).toMatch(/no port 5432\/tcp is published/);
    const silent = await stack.waitFor([log("db", /never/, { timeoutMs: 500 })]).then(() => failure(new Error("the probe passed")), failure);
    expect(silent.describe()).toContain("last 1 log line of service db:\n    db starting");
  });

  it("ps() returns what ps --no-trunc --format json prints, the command unquoted", async () => {
    const result = await compose(fixture("api-stack"), stack.name, ["ps", "--no-trunc", "--format", "json"]);
    expectExit(result, 0);
    // RunningFor and Status ("Up 3 seconds") are relative to when each was asked.
    const strip = (e: object) => ({ ...e, RunningFor: "", Status: "" });
    const cli = result.stdout.trim().split("\n").map((l) => strip(JSON.parse(l) as object));
    // As Compose, the CLI prints the command Go-quoted; the API gives it as the engine lists it.
    const api = (await stack.ps()).map((e) => ({ ...strip(e), Command: JSON.stringify(e.Command) }));
    expect(cli).toEqual(api);
  });

  it("a second stack of the same files gets a name of its own", async () => {
    const other = await loadStack({ cwd: fixture("api-stack"), env: process.env });
    expect(other.name).not.toBe(stack.name);
    expect(await other.ps()).toEqual([]);
  });

  it("down removes every container, network and volume of the stack", async () => {
    await stack.down();
    const labels = { [LABELS.project]: stack.name };
    expect(await engine!.runtime.listContainers({ all: true, labels })).toEqual([]);
    expect(await engine!.runtime.listNetworks({ labels })).toEqual([]);
  });
});
