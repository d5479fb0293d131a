import { ProjectError } from "../../../spec/errors.js";
import { loadProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import { quieter } from "../shared/quiet-output.js";
import type { CreateFlags } from "./create.js";
import { parseScale } from "./up-run.js";
import { projectOrigin } from "../../../api/connect/origin.js";
import { engineWarnings } from "../../engine-connect.js";

/** Runs `create`: `up --no-start` — containers, networks and volumes are made, nothing starts. */
export async function runCreate(ctx: CliContext, services: string[], flags: CreateFlags): Promise<void> {
  if (flags.forceRecreate && !flags.recreate) throw new ProjectError("E_USAGE", "--force-recreate and --no-recreate cannot be combined");
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, [...loaded.warnings, ...engineWarnings(ctx, loaded)]);
  const scale = parseScale(flags.scale, loaded);
  const session = await openSession(ctx);
  try {
    const { upProject } = await import("../../../engine/verbs/up.js");
    await upProject(quieter(session, { pull: flags.quietPull }), {
      project: loaded.project,
      origin: projectOrigin(loaded),
      disabledServices: loaded.disabledServices,
      services,
      scale,
      noStart: true,
      ...(flags.forceRecreate ? { forceRecreate: true } : {}),
      ...(flags.recreate === false ? { noRecreate: true } : {}),
      ...(flags.removeOrphans ? { removeOrphans: true } : {}),
      ...(flags.pull && flags.pull !== "build" ? { pull: flags.pull } : {}),
      // `--pull build` is Compose's spelling of "build images that can be built"; `--build` forces it.
      ...(flags.build !== undefined ? { build: flags.build ? "always" : "never" } : flags.pull === "build" ? { build: "always" } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
      ...(ctx.global.allResources ? { allResources: true } : {}),
    });
  } finally {
    await session.close();
  }
}
