import os from "node:os";
import { assertService, runOneOff, type RunOptions } from "../../api/run.js";
import { parseEnvFlags, parseLabelFlags } from "../../engine/run-options.js";
import { loadProject } from "../../spec/load.js";
import { splitShellWords } from "../../spec/normalize-shell.js";
import { parsePortSpec } from "../../spec/ports.js";
import { parseVolumeSpec } from "../../spec/volumes.js";
import type { CliContext } from "../context.js";
import { loadOptions } from "../load-options.js";
import { openSession, printWarnings } from "../session.js";
import type { RunFlags } from "./run.js";

/** Turns `run`'s flags into the API's run options; bad values exit 2 before anything happens. */
export function runOptions(ctx: CliContext, command: readonly string[], flags: RunFlags): RunOptions {
  // `-v ./x:/x` is relative to where the command runs, as Compose.
  const base = { projectDir: ctx.cwd, homeDir: ctx.env["HOME"] ?? os.homedir() };
  return {
    ...(command.length > 0 ? { command } : {}),
    ...(flags.entrypoint !== undefined ? { entrypoint: [...splitShellWords(flags.entrypoint).words] } : {}),
    env: parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]),
    labels: parseLabelFlags(flags.label ?? []),
    volumes: (flags.volume ?? []).map((v) => parseVolumeSpec(v, base)),
    publish: (flags.publish ?? []).flatMap((p) => parsePortSpec(p)),
    ...(flags.servicePorts ? { servicePorts: true } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.workdir ? { workdir: flags.workdir } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    tty: flags.TTY !== false && !flags.detach && ctx.stdout.isTTY === true,
    interactive: flags.interactive && !flags.detach,
    ...(flags.deps === false ? { noDeps: true } : {}),
    ...(flags.useAliases ? { useAliases: true } : {}),
    ...(flags.rm ? { rm: true } : {}),
    ...(flags.pull ? { pull: flags.pull } : {}),
    ...(flags.removeOrphans ? { removeOrphans: true } : {}),
  };
}

/**
 * Runs `run`: dependencies up (conditions honoured), the one-off created and started, its output
 * passed through until it exits; the process exits with its code. `-d` prints the container ID
 * instead. `--rm` removes it afterwards, also after Ctrl-C.
 */
export async function runRun(ctx: CliContext, service: string, command: string[], flags: RunFlags): Promise<void> {
  const loaded = loadProject(await loadOptions(ctx, { services: [service] }));
  printWarnings(ctx, loaded.warnings);
  assertService(loaded, service);
  const options = runOptions(ctx, command, flags);
  const session = await openSession(ctx);
  try {
    const outcome = await runOneOff(session, loaded, service, options, {
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
      forced: session.interrupts.forced,
      beforeStart: () => session.finishProgress(),
      ...(flags.detach ? { detach: true } : {}),
    });
    if (flags.detach) ctx.stdout.write(`${outcome.id}\n`);
    else process.exitCode = outcome.exitCode ?? 0;
  } finally {
    await session.close();
  }
}
