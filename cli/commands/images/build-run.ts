import { ProjectError } from "../../../spec/errors.js";
import { loadProject } from "../../../spec/load.js";
import { parseByteSize } from "../../../spec/normalize/units.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import { LEGACY_BUILD_FLAGS, type BuildFlags } from "./build.js";
import { refuseBuildxFlags } from "./buildx-flags.js";

/**
 * `--build-arg` values: `K=V`, or a bare `K` that takes its value from the environment (and is
 * left out when unset, so the Dockerfile's default applies), as Compose does.
 */
export function parseBuildArgs(values: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf("=");
    const key = eq < 0 ? v : v.slice(0, eq);
    if (key === "") throw new ProjectError("E_USAGE", `invalid --build-arg value "${v}"`, { hint: "Write it as KEY=VALUE, or KEY to take the value from the environment." });
    const value = eq < 0 ? env[key] : v.slice(eq + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Runs `build`: the selected services' images (with their dependencies' under `--with-dependencies`). */
export async function runBuild(ctx: CliContext, services: string[], flags: BuildFlags): Promise<void> {
  refuseBuildxFlags(flags);
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, loaded.warnings);
  const buildArgs = parseBuildArgs(flags.buildArg, ctx.env);
  // A bad size is bad usage, refused before the engine (exit 2).
  const memoryBytes = flags.memory !== undefined ? parseByteSize(flags.memory) : undefined;
  for (const [key, flag, why] of LEGACY_BUILD_FLAGS) if (flags[key]) ctx.stderr.write(`warning: ${flag} is deprecated and has no effect: ${why}\n`);
  if (flags.rm === false) ctx.stderr.write("warning: --no-rm is deprecated and has no effect: intermediate containers are always removed\n");
  const { selectServices } = await import("../../../engine/plan/plan-up.js");
  const selected = selectServices(loaded.project, services, flags.withDependencies !== true);
  if (flags.print) {
    // Pure: what Compose would hand to `buildx bake`, printed without contacting the engine.
    const { bakeDefinition, formatBakeDefinition } = await import("../../../engine/images/bake-definition.js");
    const def = bakeDefinition(loaded.project, {
      services: selected,
      ...(flags.cache === false ? { noCache: true } : {}),
      ...(flags.pull ? { pull: true } : {}),
      ...(flags.push ? { push: true } : {}),
      buildArgs: flags.buildArg ?? [],
      lookup: loaded.lookup,
    });
    if (def) ctx.stdout.write(formatBakeDefinition(def));
    return;
  }
  const { buildGroups, buildServices } = await import("../../../engine/images/build.js");
  const session = await openSession(ctx, "Building");
  const pushBuilt = async (dryRun: boolean) => {
    // The images just built, each under its `image:` name (a service without one has nothing to push).
    const { pushServices } = await import("../../../engine/images/push.js");
    await pushServices(session, loaded.project, { services: selected, ...(dryRun ? { dryRun: true } : {}) });
  };
  try {
    if (ctx.global.dryRun) {
      for (const g of buildGroups(loaded.project, selected)) {
        session.sink.emit({ type: "message", level: "info", text: `DRY-RUN build image ${g.image} for service ${g.service}`, time: Date.now() });
      }
      if (flags.push) await pushBuilt(true);
      return;
    }
    await buildServices(session, loaded.project, selected, {
      ...(flags.cache === false ? { noCache: true } : {}),
      ...(flags.pull ? { pull: true } : {}),
      ...(flags.quiet ? { quiet: true } : {}),
      ...(memoryBytes !== undefined ? { memoryBytes } : {}),
      buildArgs,
    });
    if (flags.push) await pushBuilt(false);
  } finally {
    await session.close();
  }
}
