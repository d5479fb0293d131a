import { describe, expect, it } from "vitest";
import { verbsRig } from "../../test/kits/verbs-kit.js";
import { collectLogs, followLogs, formatLogs, type LogEntry } from "./logs.js";

const line = (service: string, number: number, text: string, container = `p-${service}-${number}`): LogEntry => ({ service, container, number, stream: "stdout", text });

describe("formatLogs", () => {
  it("prefixes lines as Compose does, padded to one width", () => {
    const text = formatLogs([line("web", 1, "a"), line("db", 1, "b"), line("x", 1, "c", "custom-name")], "p");
    expect(text).toBe("web-1        | a\ndb-1         | b\ncustom-name  | c\n");
  });

  it("prints bare lines without prefix, and nothing for no lines", () => {
    expect(formatLogs([line("web", 1, "a")], "p", { prefix: false })).toBe("a\n");
    expect(formatLogs([], "p")).toBe("");
  });
});

const COMPOSE = `
name: p
services:
  talk:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo one; echo two; trap 'exit 0' TERM; while :; do sleep 1; done"]
`;

describe("collectLogs / followLogs", () => {
  it("collects every line printed so far", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await new Promise((r) => setTimeout(r, 50));
    const lines = await collectLogs(rig.runtime, rig.ref);
    expect(lines.map((l) => `${l.container}:${l.text}`)).toEqual(["p-talk-1:one", "p-talk-1:two"]);
  });

  it("follows until the loop breaks, then stops the stream", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const seen: string[] = [];
    for await (const entry of followLogs(rig.runtime, rig.ref)) {
      seen.push(entry.text);
      if (entry.text === "two") break;
    }
    expect(seen).toEqual(["one", "two"]);
  });
});
