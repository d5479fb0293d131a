import { ProjectError } from "../../../spec/errors.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import type { CpFlags } from "./cp.js";
import { resolveProjectName } from "../shared/project-target.js";

/** `SERVICE:PATH` split, or undefined for a local path (`./a:b` and `/x:y` are local, as in docker cp). */
export function splitServicePath(arg: string): { service: string; path: string } | undefined {
  if (arg.startsWith("/") || arg.startsWith(".")) return undefined;
  const colon = arg.indexOf(":");
  if (colon <= 0) return undefined;
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** Runs `cp` in the direction the arguments give; exactly one side must be `SERVICE:PATH`. */
export async function runCp(ctx: CliContext, source: string, destination: string, flags: CpFlags): Promise<void> {
  const from = splitServicePath(source);
  const to = splitServicePath(destination);
  if ((from && to) || (!from && !to)) {
    throw new ProjectError("E_USAGE", "cp copies between a service container and the local filesystem: exactly one side must be SERVICE:PATH", {
      hint: "E.g. `tscompose cp web:/etc/hosts ./hosts` or `tscompose cp ./data web:/data`.",
    });
  }
  if (from && flags.all) throw new ProjectError("E_USAGE", "cannot use the --all flag when copying from a service", { hint: "Pick the container with --index N." });
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { copyFromService, copyToService } = await import("../../../engine/oneoff/cp.js");
  const common = {
    projectName,
    ...(flags.index !== undefined ? { index: flags.index } : {}),
    ...(flags.archive ? { archive: true } : {}),
    ...(flags.followLink ? { followLink: true } : {}),
  };
  if (from) {
    await copyFromService(runtime, { ...common, service: from.service }, from.path || "/", destination, ctx.stdout);
  } else if (to) {
    await copyToService(runtime, { ...common, service: to.service }, source, to.path || "/", ctx.stdin as AsyncIterable<Uint8Array>);
  }
}
