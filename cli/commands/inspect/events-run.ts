import type { ComposeEvent } from "../../../engine/verbs/project-events.js";
import { parseTimeSpec } from "../../../engine/format/time-spec.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import { EXIT } from "../../exit.js";
import { interruptOnSignal } from "../shared/interrupt.js";
import type { EventsFlags } from "./events.js";
import { resolveProjectName } from "../shared/project-target.js";

const two = (n: number) => String(n).padStart(2, "0");

/** `2026-11-23 15:00:01.123456` in local time, as Compose's text events start. */
export function localEventTime(time: string): string {
  const d = new Date(time);
  const micros = (/\.(\d+)Z$/.exec(time)?.[1] ?? "").padEnd(6, "0").slice(0, 6);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${micros}`;
}

const sorted = (attrs: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** One event as a line: `--json` with Compose's keys in order, else `TIME container ACTION ID (k=v, …)`. */
export function eventLine(ev: ComposeEvent, json: boolean): string {
  if (json) {
    return JSON.stringify({ action: ev.action, attributes: sorted(ev.attributes), id: ev.id, service: ev.service, time: ev.time, type: ev.type });
  }
  const attrs = Object.entries(sorted(ev.attributes)).map(([k, v]) => `${k}=${v}`);
  return `${localEventTime(ev.time)} container ${ev.action} ${ev.id} (${attrs.join(", ")})`;
}

/** Runs `events`: streams until Ctrl-C (exit 130) or `--until`. */
export async function runEvents(ctx: CliContext, services: string[], flags: EventsFlags): Promise<void> {
  const since = flags.since !== undefined ? parseTimeSpec(flags.since, "--since") : undefined;
  const until = flags.until !== undefined ? parseTimeSpec(flags.until, "--until") : undefined;
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { projectEvents } = await import("../../../engine/verbs/project-events.js");
  const interrupt = interruptOnSignal();
  try {
    const stream = projectEvents(runtime, {
      projectName,
      services,
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      signal: interrupt.signal,
    });
    for await (const ev of stream) ctx.stdout.write(`${eventLine(ev, flags.json === true)}\n`);
  } finally {
    interrupt.dispose();
  }
  if (interrupt.interrupted()) process.exitCode = EXIT.interrupted;
}
