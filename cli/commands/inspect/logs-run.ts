import type { LogSource } from "../../../engine/verbs/logs.js";
import { parseTimeSpec } from "../../../engine/format/time-spec.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import { EXIT } from "../../exit.js";
import { useColor } from "../../render/colors.js";
import { createLogPrinter, type LogPrinter } from "../../render/logs.js";
import { logName } from "../../render/logs-name.js";
import { ansiMode } from "../../session.js";
import { interruptOnSignal } from "../shared/interrupt.js";
import type { LogsFlags } from "./logs.js";
import { resolveTarget } from "../shared/project-target.js";

/**
 * Runs `logs`: each container's output with Compose's `web-1  | ` prefixes (stderr lines to
 * stderr, as Compose), from the compose file's project or, when it is missing, from labels.
 */
export async function runLogs(ctx: CliContext, services: string[], flags: LogsFlags): Promise<void> {
  const since = flags.since !== undefined ? parseTimeSpec(flags.since, "--since") : undefined;
  const until = flags.until !== undefined ? parseTimeSpec(flags.until, "--until") : undefined;
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const { streamLogs } = await import("../../../api/verbs/logs.js");
  const interrupt = interruptOnSignal();
  let printer: LogPrinter | undefined;
  const display = (s: LogSource) => logName(ref.name, s.service, s.number, s.name);
  try {
    await streamLogs(
      runtime,
      ref,
      {
        services,
        ...(flags.index !== undefined ? { index: flags.index } : {}),
        ...(flags.follow ? { follow: true } : {}),
        ...(flags.tail !== undefined ? { tail: flags.tail } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(flags.timestamps ? { timestamps: true } : {}),
        signal: interrupt.signal,
      },
      {
        begin: (sources) => {
          printer = createLogPrinter(ctx.stdout, {
            color: flags.color !== false && useColor(ansiMode(ctx), ctx.stdout, ctx.env),
            prefix: flags.logPrefix !== false,
            timestamps: flags.timestamps === true,
            names: sources.map(display),
            err: ctx.stderr,
          });
        },
        line: (s, l) => printer?.line(display(s), s.service, l.stream, `${l.text}\n`, l.time ? new Date(l.time) : undefined),
        exited: (s, code) => printer?.exited(display(s), code),
      },
    );
  } finally {
    printer?.close();
    interrupt.dispose();
  }
  if (interrupt.interrupted()) process.exitCode = EXIT.interrupted;
}
