import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createDownCommand } from "./commands/lifecycle/down.js";
import { createUpCommand } from "./commands/lifecycle/up.js";
import { ROOT_HELP } from "./bin/root-help.js";
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

  it("takes --dry-run after the verb too, as Compose's persistent flag (also on stack subcommands)", async () => {
    const dryRunOf = async (args: string[], path: string[]) => {
      const program = createProgram(args);
      let cmd = program;
      for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
      let seen: unknown;
      cmd.action((...a: unknown[]) => {
        seen = (a[a.length - 1] as typeof program).optsWithGlobals<{ dryRun?: boolean }>().dryRun;
      });
      await program.parseAsync(["node", "tscompose", ...args]);
      return seen;
    };
    expect(await dryRunOf(["up", "--dry-run", "-d"], ["up"])).toBe(true);
    expect(await dryRunOf(["--dry-run", "up", "-d"], ["up"])).toBe(true);
    expect(await dryRunOf(["up", "-d"], ["up"])).toBeUndefined();
    expect(await dryRunOf(["stack", "deploy", "--dry-run"], ["stack", "deploy"])).toBe(true);
    // Other global flags stay before the verb, as in Compose (`up -p x` is an error there too).
    await expect(dryRunOf(["up", "-p", "x"], ["up"])).rejects.toThrow(/unknown option '-p'/);
  });

  it("takes Compose 2's spellings: exec --no-tty, run -q, up --menu, config --models", async () => {
    const flagsOf = async (args: string[]) => {
      const program = createProgram(args);
      let seen: Record<string, unknown> = {};
      program.commands[0]!.action((...a: unknown[]) => {
        seen = a[a.length - 2] as Record<string, unknown>;
      });
      await program.parseAsync(["node", "tscompose", ...args]);
      return seen;
    };
    expect(await flagsOf(["exec", "--no-tty", "web", "true"])).toMatchObject({ tty: false });
    expect(await flagsOf(["exec", "web", "true"])).toMatchObject({ TTY: true });
    expect((await flagsOf(["exec", "web", "true"])).tty).toBeUndefined();
    expect(await flagsOf(["run", "-q", "web"])).toMatchObject({ quiet: true });
    expect(await flagsOf(["up", "--menu"])).toMatchObject({ menu: true });
    expect(await flagsOf(["config", "--models"])).toMatchObject({ models: true });
  });

  it("builds only the verb the arguments name, skipping global options and their values", () => {
    const verbs = (args: string[]) => createProgram(args).commands.map((c) => c.name());
    expect(verbs(["-f", "up", "-p", "config", "down", "-v"])).toEqual(["down"]);
    expect(verbs(["--file=a.yml", "--dry-run", "config"])).toEqual(["config"]);
    expect(verbs(["--progress", "plain", "up", "-d"])).toEqual(["up"]);
  });

  it("builds every verb when the arguments name none, ask for root help or name an unknown verb", () => {
    const all = createProgram().commands.length;
    for (const args of [[], ["--help", "up"], ["help", "up"], ["-p", "x", "upp"], ["-v"], ["--", "up"]]) {
      expect(createProgram(args).commands.length).toBe(all);
    }
  });

  it("still parses the verb it built alone", async () => {
    const program = createProgram(["-p", "x", "down", "-v"]);
    let volumes: unknown;
    program.commands[0]?.action((_services: string[], flags: { volumes?: boolean }) => {
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

describe("root help", () => {
  // The bin prints ROOT_HELP for `tscompose --help` to a pipe or file without building the program:
  // it must be what commander prints at its default width (80 columns, stdout not a terminal).
  // After adding or changing a verb or global flag: UPDATE_ROOT_HELP=1 npx vitest run cli/program.test.ts
  it("matches the program's own --help output", () => {
    const program = createProgram().configureOutput({ getOutHelpWidth: () => 80 });
    const text = program.helpInformation();
    if (process.env["UPDATE_ROOT_HELP"]) writeRootHelp(text);
    else expect(ROOT_HELP).toBe(text);
  });
});

function writeRootHelp(text: string): void {
  const file = fileURLToPath(new URL("./bin/root-help.ts", import.meta.url));
  const body = [
    "// Generated from createProgram() by cli/program.test.ts (UPDATE_ROOT_HELP=1); do not edit by hand.",
    "",
    "/** `tscompose --help` as commander prints it at its default width (stdout not a terminal). */",
    `export const ROOT_HELP = ${JSON.stringify(text)};`,
    "",
  ].join("\n");
  writeFileSync(file, body);
}
