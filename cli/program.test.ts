import { describe, expect, it } from "vitest";
import { createDownCommand } from "./commands/down.js";
import { createUpCommand } from "./commands/up.js";
import { createProgram, createShim } from "./program.js";

describe("programs", () => {
  it("builds the root program with its verbs", () => {
    const names = createProgram().commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(["config", "up", "down"]));
  });

  it("gives flags after the verb to the verb (down -v is --volumes, not --version)", async () => {
    const program = createProgram();
    let volumes: unknown;
    const down = program.commands.find((c) => c.name() === "down");
    down?.action((_services: string[], flags: { volumes?: boolean }) => {
      volumes = flags.volumes;
    });
    await program.parseAsync(["node", "tscompose", "-p", "x", "down", "-v"]);
    expect(volumes).toBe(true);
  });

  it("builds the tsc-up and tsc-down shims with the global flags and the verb's own flags", () => {
    for (const shim of [createShim("tsc-up", createUpCommand), createShim("tsc-down", createDownCommand)]) {
      const flags = shim.options.map((o) => o.long);
      expect(flags).toEqual(expect.arrayContaining(["--file", "--project-name", "--version"]));
    }
    expect(createShim("tsc-down", createDownCommand).options.find((o) => o.short === "-v")?.long).toBe("--volumes");
  });
});
