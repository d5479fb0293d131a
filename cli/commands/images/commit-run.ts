import { checkCommitChanges, parseRepoTag } from "../../../engine/verbs/commit-options.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import type { CommitFlags } from "./commit.js";
import { serviceProjectName } from "./service-target.js";

/**
 * Runs `commit` and prints the new image id (`sha256:…`) on stdout, as `docker commit` does. The
 * reference, each `--change` and the service are checked first (bad input exits 2 and the engine
 * is not contacted). With `--dry-run` the container is looked up and nothing is committed.
 */
export async function runCommit(ctx: CliContext, service: string, reference: string | undefined, flags: CommitFlags): Promise<void> {
  const repoTag = reference === undefined ? undefined : parseRepoTag(reference);
  const changes = checkCommitChanges(flags.change ?? []);
  const projectName = await serviceProjectName(ctx, service);
  const runtime = await connectEngine(ctx);
  const { commitService } = await import("../../../engine/verbs/export-commit.js");
  const { container, imageId } = await commitService(
    runtime,
    { projectName, service, ...(flags.index !== undefined ? { index: flags.index } : {}) },
    {
      ...(repoTag ? { reference: repoTag } : {}),
      ...(flags.message !== undefined ? { comment: flags.message } : {}),
      ...(flags.author !== undefined ? { author: flags.author } : {}),
      changes,
      pause: flags.pause !== false,
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    },
  );
  if (imageId === undefined) ctx.stderr.write(`DRY-RUN commit container ${container.name}${reference ? ` as ${reference}` : ""}\n`);
  else ctx.stdout.write(`${imageId}\n`);
}
