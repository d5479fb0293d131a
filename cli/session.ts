import type { EngineDeps } from "../engine/verbs/up.js";
import { composeBool } from "./compose-env.js";
import { describeWarning, type Warning } from "../spec/errors.js";
import type { CliContext } from "./context.js";
import { connectEngine } from "./engine-connect.js";
import { createProgress, type ProgressMode, type ProgressSink } from "./render/progress.js";
import type { AnsiMode } from "./render/colors.js";

/** A verb's run against the engine: runtime, progress sink, and Ctrl-C handling. */
export interface EngineSession extends EngineDeps {
  readonly progress: ProgressSink;
  /** Aborted on the first Ctrl-C (SIGINT/SIGTERM); `forced` on the second. */
  readonly interrupts: Interrupts;
  /** Flushes progress output (before attached logs start); idempotent. */
  finishProgress(): Promise<void>;
  /** Flushes progress output and removes the signal handlers; idempotent. */
  close(): Promise<void>;
}

/** First Ctrl-C: graceful; second: force. */
export interface Interrupts {
  readonly graceful: AbortSignal;
  readonly forced: AbortSignal;
}

/** The progress mode from `--progress`, else `COMPOSE_PROGRESS`, else auto. */
export function progressMode(ctx: CliContext): ProgressMode {
  const v = ctx.global.progress ?? ctx.env["COMPOSE_PROGRESS"];
  return v === "tty" || v === "plain" || v === "json" || v === "quiet" ? v : "auto";
}

/** `--ansi`, else `COMPOSE_ANSI`, else auto. */
export function ansiMode(ctx: CliContext): AnsiMode {
  const flag = ctx.global.ansi;
  const v = flag && flag !== "auto" ? flag : (ctx.env["COMPOSE_ANSI"] ?? "auto");
  return v === "never" || v === "always" ? v : "auto";
}

/** Prints loader warnings the way every verb does. */
export function printWarnings(ctx: CliContext, warnings: readonly Warning[]): void {
  for (const w of warnings) ctx.stderr.write(`WARN ${describeWarning(w, ctx.cwd)}\n`);
}

/**
 * Connects to the engine and sets up progress output and signal handling for one verb.
 * The only place that installs process signal handlers.
 */
export async function openSession(ctx: CliContext, title?: string): Promise<EngineSession> {
  const runtime = await connectEngine(ctx);
  // COMPOSE_STATUS_STDOUT: progress on stdout, as Compose does (stderr otherwise).
  const progress = createProgress(progressMode(ctx), composeBool(ctx.env["COMPOSE_STATUS_STDOUT"]) ? ctx.stdout : ctx.stderr, { ansi: ansiMode(ctx), env: ctx.env, ...(title ? { title } : {}) });
  const graceful = new AbortController();
  const forced = new AbortController();
  const onSignal = () => {
    if (!graceful.signal.aborted) graceful.abort();
    else forced.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const parallel = ctx.global.parallel;
  let progressDone: Promise<void> | undefined;
  const finishProgress = () => (progressDone ??= progress.close());
  return {
    runtime,
    sink: progress,
    progress,
    signal: graceful.signal,
    interrupts: { graceful: graceful.signal, forced: forced.signal },
    ...(parallel !== undefined && parallel > 0 ? { concurrency: parallel } : {}),
    finishProgress,
    async close() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await finishProgress();
    },
  };
}
