import type { LoadOptions } from "../spec/load.js";
import { strictBool } from "./compose-env.js";
import { readStdin, type CliContext } from "./context.js";

/** Turns global flags and the environment into the spec loader's options. */
export async function loadOptions(
  ctx: CliContext,
  extra: { services?: readonly string[]; interpolate?: boolean; consistency?: boolean; resolvePaths?: boolean; normalize?: boolean } = {},
): Promise<LoadOptions> {
  const g = ctx.global;
  const files = g.file ?? [];
  const stdin = files.includes("-") ? await readStdin(ctx.stdin) : undefined;
  return {
    workingDir: ctx.cwd,
    env: ctx.env,
    ...(files.length > 0 ? { files } : {}),
    ...(g.projectDirectory ? { projectDirectory: g.projectDirectory } : {}),
    ...(g.projectName ? { projectName: g.projectName } : {}),
    ...(g.envFile ? { envFiles: g.envFile } : {}),
    ...(g.profile ? { profiles: g.profile } : {}),
    ...(stdin !== undefined ? { stdin } : {}),
    ...(extra.services ? { services: extra.services } : {}),
    ...(extra.interpolate === false ? { interpolate: false } : {}),
    ...(g.allResources ? { allResources: true } : {}),
    ...(strictBool(ctx.env, "COMPOSE_DISABLE_ENV_FILE") ? { disableEnvFile: true } : {}),
    ...(extra.consistency === false ? { consistency: false } : {}),
    ...(extra.resolvePaths === false ? { resolvePaths: false } : {}),
    ...(extra.normalize === false ? { normalize: false } : {}),
  };
}
