import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";
import type { RmFlags } from "./rm.js";

/** Reads one line of standard input (the answer to a prompt); empty at end of input. */
export function readAnswer(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const done = () => {
      stdin.off("data", onData);
      stdin.off("end", done);
      stdin.off("error", done);
      stdin.pause();
      resolve(text.split("\n")[0]?.trim() ?? "");
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes("\n")) done();
    };
    stdin.on("data", onData);
    stdin.on("end", done);
    stdin.on("error", done);
    stdin.resume();
  });
}

/**
 * Runs `rm`. As Compose: with `-s` the containers are stopped first (its own progress block);
 * then the containers about to go are named and, without `-f`, `Are you sure? [y/N]` is asked on
 * standard input (anything but y/yes keeps them); `No stopped containers` when there is nothing
 * to remove.
 */
export async function runRm(ctx: CliContext, services: string[], flags: RmFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const dryRun = ctx.global.dryRun === true;
  if (flags.stop) {
    const stopping = await openSession(ctx);
    try {
      const { stopServices } = await import("../../../engine/verbs/lifecycle.js");
      await stopServices(stopping, { ref, services, ...(dryRun ? { dryRun } : {}) });
    } finally {
      await stopping.close();
    }
  }
  const session = await openSession(ctx);
  try {
    const { removeServices } = await import("../../../engine/verbs/remove.js");
    const outcome = await removeServices(session, {
      ref,
      services,
      ...(flags.volumes ? { volumes: true } : {}),
      ...(dryRun ? { dryRun } : {}),
      ...(flags.stop && dryRun ? { includeRunning: true } : {}),
      confirm: async (names) => {
        ctx.stdout.write(`Going to remove ${names.join(", ")}\n`);
        if (flags.force) return true;
        ctx.stdout.write("? Are you sure? [y/N] ");
        const answer = await readAnswer(ctx.stdin);
        // A terminal echoed the user's Enter; an answer piped in did not.
        if ((ctx.stdin as { isTTY?: boolean }).isTTY !== true) ctx.stdout.write("\n");
        return /^y(es)?$/i.test(answer);
      },
    });
    await session.finishProgress();
    if (outcome.candidates.length === 0) ctx.stderr.write("No stopped containers\n");
  } finally {
    await session.close();
  }
}
