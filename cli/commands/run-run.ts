import os from "node:os";
import type { OneOffOptions } from "../../engine/run-options.js";
import { parseEnvFlags, parseLabelFlags } from "../../engine/run-options.js";
import { ProjectError } from "../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../spec/load.js";
import { splitShellWords } from "../../spec/normalize-shell.js";
import { parsePortSpec } from "../../spec/ports.js";
import { parseVolumeSpec } from "../../spec/volumes.js";
import type { CliContext } from "../context.js";
import { loadOptions } from "../load-options.js";
import { openSession, printWarnings } from "../session.js";
import type { RunFlags } from "./run.js";

/** Turns `run`'s flags into the one-off's options; bad values exit 2 before anything happens. */
export function oneOffOptions(ctx: CliContext, command: readonly string[], flags: RunFlags): OneOffOptions {
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
    ...(flags.workdir ? { workingDir: flags.workdir } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    tty: flags.TTY !== false && !flags.detach && ctx.stdout.isTTY === true,
    interactive: flags.interactive && !flags.detach,
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
  if (!loaded.project.services[service]) throw noSuchService(service, loaded);
  const options = oneOffOptions(ctx, command, flags);
  const session = await openSession(ctx);
  const { attachOneOff, prepareOneOff } = await import("../../engine/run.js");
  try {
    const oneOff = await prepareOneOff(session, {
      project: loaded.project,
      origin: { projectDir: loaded.projectDir, configFiles: loaded.files },
      disabledServices: loaded.disabledServices,
      service,
      options,
      ...(flags.deps === false ? { noDeps: true } : {}),
      ...(flags.useAliases ? { useAliases: true } : {}),
      ...(flags.rm ? { rm: true } : {}),
      ...(flags.detach ? { detach: true } : {}),
      ...(flags.pull ? { pull: flags.pull } : {}),
      ...(flags.removeOrphans ? { removeOrphans: true } : {}),
    });
    await session.finishProgress();
    if (flags.detach) {
      await session.runtime.startContainer(oneOff.id);
      ctx.stdout.write(`${oneOff.id}\n`);
      return;
    }
    process.exitCode = await attachOneOff(session, oneOff, {
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
      forced: session.interrupts.forced,
      ...(flags.rm ? { rm: true } : {}),
    });
  } finally {
    await session.close();
  }
}

function noSuchService(service: string, loaded: LoadedProject): ProjectError {
  return new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${service}`, {
    hint: `The project's services are: ${Object.keys(loaded.project.services).sort().join(", ")}.`,
  });
}
