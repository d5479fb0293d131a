import { once } from "node:events";
import { ProjectError } from "../../../spec/errors.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import { EXIT } from "../../exit.js";
import { checkOutputPath, writeFileAtomic } from "./output-file.js";
import type { ExportFlags } from "./export.js";
import { interruptOnSignal } from "../shared/interrupt.js";
import { serviceProjectName } from "./service-target.js";

/**
 * Runs `export`: the tar goes to `-o FILE` (written atomically: an existing FILE is replaced only
 * by a complete archive) or to stdout, which must not be a terminal. Bad usage (a terminal, an
 * impossible FILE, an undeclared service) exits 2 before the engine is contacted. Ctrl-C stops
 * the copy (no FILE is written) and exits 130.
 */
export async function runExport(ctx: CliContext, service: string, flags: ExportFlags): Promise<void> {
  const output = flags.output;
  if (output === undefined && ctx.stdout.isTTY === true) {
    throw new ProjectError("E_USAGE", "cowardly refusing to write a tar archive to a terminal", { hint: "Use -o FILE, or redirect standard output: tscompose export web > web.tar." });
  }
  if (output === "") throw new ProjectError("E_USAGE", "-o, --output needs a file name");
  if (output !== undefined) await checkOutputPath(output);
  const projectName = await serviceProjectName(ctx, service);
  const runtime = await connectEngine(ctx);
  const { exportService } = await import("../../../engine/verbs/export-commit.js");
  const interrupt = interruptOnSignal();
  try {
    const target = { projectName, service, ...(flags.index !== undefined ? { index: flags.index } : {}) };
    const { container, tar } = await exportService(runtime, target, { signal: interrupt.signal });
    if (ctx.global.dryRun) {
      ctx.stderr.write(`DRY-RUN export container ${container.name} to ${output ?? "stdout"}\n`);
      return;
    }
    if (output !== undefined) await writeFileAtomic(output, tar, { signal: interrupt.signal });
    else await copyTo(tar, ctx.stdout);
  } finally {
    interrupt.dispose();
  }
  if (interrupt.interrupted()) process.exitCode = EXIT.interrupted;
}

/** Copies the archive to a stream, waiting whenever it asks to (a slow pipe). */
async function copyTo(source: AsyncIterable<Uint8Array>, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of source) {
    if (!out.write(chunk)) await once(out, "drain");
  }
}
