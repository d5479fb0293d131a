import { ProjectError } from "../../../spec/errors.js";
import { orphanPolicy } from "../../compose-env.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import { checkUpWatchFlags, prepareUpWatch } from "../../watch/watch-up.js";
import { quieter } from "../shared/quiet-output.js";
import type { UpFlags } from "./up.js";
import { engineWarnings } from "../../engine-connect.js";

/** Checks flag combinations as Compose does; bad usage exits 2 before anything happens. */
export function checkUpFlags(flags: UpFlags): void {
  const usage = (message: string, hint?: string) => new ProjectError("E_USAGE", message, hint ? { hint } : {});
  const abort = flags.abortOnContainerExit || flags.abortOnContainerFailure || flags.exitCodeFrom;
  if (flags.detach && abort) throw usage("--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from", "Drop -d to follow the containers, or drop the abort flag.");
  if (flags.detach && flags.attach?.length) throw usage("--detach cannot be combined with --attach");
  if (flags.wait && abort) throw usage("--wait cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from");
  if (flags.abortOnContainerExit && flags.abortOnContainerFailure) throw usage("--abort-on-container-exit and --abort-on-container-failure cannot be combined");
  if (flags.forceRecreate && !flags.recreate) throw usage("--force-recreate and --no-recreate cannot be combined");
  if (flags.watch) checkUpWatchFlags(flags, usage);
}

/** Parses `--scale SVC=N` values. */
export function parseScale(values: readonly string[] | undefined, loaded: LoadedProject): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values ?? []) {
    const m = /^([^=]+)=(\d+)$/.exec(v);
    if (!m?.[1] || m[2] === undefined) throw new ProjectError("E_USAGE", `invalid --scale value "${v}"`, { hint: "Write it as SERVICE=NUMBER, e.g. --scale web=3." });
    if (!loaded.project.services[m[1]]) throw new ProjectError("E_NO_SUCH_SERVICE", `--scale: no such service: ${m[1]}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Runs `up`: converge the engine, then wait (`--wait`), return (`-d`) or follow the containers. */
export async function runUp(ctx: CliContext, services: string[], flags: UpFlags): Promise<void> {
  checkUpFlags(flags);
  const orphans = orphanPolicy(ctx.env, flags.removeOrphans, { remove: true, ignore: true });
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, [...loaded.warnings, ...engineWarnings(ctx, loaded)]);
  const scale = parseScale(flags.scale, loaded);
  if (flags.exitCodeFrom && !loaded.project.services[flags.exitCodeFrom]) {
    throw new ProjectError("E_NO_SUCH_SERVICE", `--exit-code-from: no such service: ${flags.exitCodeFrom}`);
  }
  const detach = flags.detach === true || flags.wait === true;
  if (flags.menu && !detach) ctx.stderr.write("warning: --menu has no effect: tscompose has no interactive shortcuts; the logs follow as without it\n");
  // `up --watch` holds the project's watch lock from before anything changes (one watcher per project).
  const watching = flags.watch ? prepareUpWatch(ctx, loaded, services) : undefined;
  const session = await openSession(ctx);
  const { upStack } = await import("../../../api/verbs/up.js");
  try {
    const outcome = await upStack(quieter(session, { build: flags.quietBuild, pull: flags.quietPull }), loaded, {
      services,
      scale,
      ...(flags.deps === false ? { noDeps: true } : {}),
      ...(flags.forceRecreate ? { forceRecreate: true } : {}),
      ...(flags.recreate === false ? { noRecreate: true } : {}),
      ...orphans,
      ...(flags.start === false ? { noStart: true } : {}),
      ...(flags.renewAnonVolumes ? { renewAnonVolumes: true } : {}),
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      ...(flags.pull ? { pull: flags.pull } : {}),
      ...(flags.build !== undefined ? { build: flags.build } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
      ...(ctx.global.allResources ? { allResources: true } : {}),
      ...(flags.wait ? { wait: flags.waitTimeout !== undefined ? { timeoutMs: flags.waitTimeout * 1000 } : true } : {}),
    });
    if (ctx.global.dryRun || flags.start === false || detach) return;
    await session.finishProgress();
    if (watching) {
      process.exitCode = await watching.follow(session, outcome.services, flags);
      return;
    }
    const { followProject } = await import("../shared/attach.js");
    process.exitCode = await followProject(ctx, session, loaded, services, outcome.services, flags);
  } finally {
    await session.close();
    watching?.release();
  }
}
