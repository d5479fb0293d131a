import { describe, expect, it } from "vitest";
import { oneOffOptions } from "./run.js";

describe("oneOffOptions", () => {
  it("parses short-syntax mounts and ports against the project directory, keeps objects as given", () => {
    const options = oneOffOptions(
      {
        command: ["echo", "hi"],
        volumes: ["./data:/data:ro", { type: "volume", source: "cache", target: "/cache" }],
        publish: ["8080:80", { mode: "ingress", target: 53, protocol: "udp" }],
        workdir: "/w",
        env: { A: "1" },
      },
      "/proj",
      "/home/u",
    );
    expect(options.command).toEqual(["echo", "hi"]);
    expect(options.workingDir).toBe("/w");
    expect(options.env).toEqual({ A: "1" });
    expect(options.volumes?.[0]).toMatchObject({ type: "bind", source: "/proj/data", target: "/data", read_only: true });
    expect(options.volumes?.[1]).toEqual({ type: "volume", source: "cache", target: "/cache" });
    expect(options.publish?.map((p) => [p.target, p.published, p.protocol])).toEqual([
      [80, "8080", "tcp"],
      [53, undefined, "udp"],
    ]);
  });

  it("leaves the service's command alone when none is given, and never asks for a TTY by default", () => {
    const options = oneOffOptions({}, "/proj");
    expect(options).not.toHaveProperty("command");
    expect(options.tty).toBe(false);
    expect(options.interactive).toBe(false);
  });
});
