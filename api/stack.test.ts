import { describe, expect, it } from "vitest";
import { MemoryRuntime } from "../engine/memory/memory-runtime.js";
import { memoryHost } from "../spec/host.js";
import { loadProject } from "../spec/load.js";
import { randomProjectName, Stack } from "./stack.js";

const COMPOSE = `
services:
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo web up; trap 'exit 0' TERM; while :; do sleep 1; done"]
    environment: { GREETING: hello }
`;

function stack(name = "s1"): { stack: Stack; runtime: MemoryRuntime } {
  const loaded = loadProject({ workingDir: "/p", env: {}, projectName: name }, memoryHost({ "/p/compose.yaml": COMPOSE }));
  const runtime = new MemoryRuntime({ images: [{ ref: "tscompose-busybox:latest" }] });
  return { stack: new Stack(loaded, runtime, {}, { cleanup: false }), runtime };
}

describe("randomProjectName", () => {
  it("is tsc- and 8 hex digits, fresh each time", () => {
    expect(randomProjectName()).toMatch(/^tsc-[0-9a-f]{8}$/);
    expect(randomProjectName()).not.toBe(randomProjectName());
  });
});

describe("Stack (memory runtime)", () => {
  it("up waits, ps lists, exec and logs answer, down removes everything", async () => {
    const { stack: s, runtime } = stack();
    const events: string[] = [];
    const withProgress = new Stack(s.loaded, runtime, {}, { cleanup: false, progress: (e) => events.push(e.type === "resource" ? `${e.name} ${e.status}` : e.text) });
    await withProgress.up();
    expect(events).toContain("s1-web-1 Started");
    expect((await s.ps()).map((e) => [e.Name, e.State])).toEqual([["s1-web-1", "running"]]);
    const result = await s.exec("web", "echo $GREETING");
    expect(result).toEqual({ exitCode: 0, stdout: "hello\n", stderr: "" });
    expect(await s.logs()).toBe("web-1  | web up\n");
    await s.down();
    expect(await runtime.listContainers({ all: true })).toEqual([]);
  });

  it("run starts a one-off, returns its output and exit code, and removes it", async () => {
    const { stack: s, runtime } = stack("s2");
    const result = await s.run("web", ["sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(result).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
    expect(await runtime.listContainers({ all: true })).toEqual([]);
  });
});
