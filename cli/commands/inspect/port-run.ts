import { formatHostPort } from "../../../engine/verbs/port.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import type { PortFlags } from "./port.js";
import { resolveProjectName } from "../shared/project-target.js";

/**
 * Runs `port`: with a private port, prints its public address (`0.0.0.0:49153`); without, every
 * published port as `80/tcp -> 0.0.0.0:49153`.
 */
export async function runPort(ctx: CliContext, service: string, privatePort: number | undefined, flags: PortFlags): Promise<void> {
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { portMappings } = await import("../../../api/verbs/port.js");
  const mappings = await portMappings(runtime, projectName, service, privatePort, {
    ...(flags.protocol ? { protocol: flags.protocol } : {}),
    ...(flags.index !== undefined ? { index: flags.index } : {}),
  });
  if (privatePort !== undefined) {
    const first = mappings[0];
    if (first) ctx.stdout.write(`${formatHostPort(first)}\n`);
    return;
  }
  for (const m of mappings) ctx.stdout.write(`${m.containerPort}/${m.protocol} -> ${formatHostPort(m)}\n`);
}
