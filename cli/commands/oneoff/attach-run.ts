import type { AttachOutcome, AttachTarget } from "../../../engine/oneoff/attach.js";
import type { Runtime } from "../../../engine/runtime/runtime.js";
import { ComposeError } from "../../../spec/errors.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import { terminalSizeOf } from "./terminal-size.js";
import type { AttachFlags } from "./attach.js";
import { resolveProjectName } from "../shared/project-target.js";

/** A terminal as node exposes it (raw mode for a TTY session). */
type MaybeTty = NodeJS.ReadableStream & AsyncIterable<Uint8Array> & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The signals `--sig-proxy` forwards to the container (the others keep their default action). */
const PROXIED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];

/**
 * While the session lasts: with `proxy`, every proxied signal we get is sent to the container
 * (`docker attach --sig-proxy`); otherwise Ctrl-C (SIGINT/SIGTERM) detaches. Returns the
 * function that puts the default handling back.
 */
function handleSignals(runtime: Runtime, id: string, proxy: boolean, detach: () => void): () => void {
  const signals = proxy ? PROXIED : (["SIGINT", "SIGTERM"] as const);
  const handler = (signal: NodeJS.Signals) => {
    if (proxy) void runtime.killContainer(id, { signal }).catch(() => undefined);
    else detach();
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

/**
 * Runs `attach`: connects our terminal to the service's running container (the lowest-numbered
 * one, or `--index`), as `docker attach` does, and sets the exit code to the container's when it
 * exits. Its output comes byte for byte (stdout and stderr apart unless it has a TTY); our stdin
 * goes to it when it was created with `stdin_open` (unless `--no-stdin`), raw when both ends are
 * terminals; a TTY container needs a terminal on our stdin unless `--no-stdin`. The detach keys
 * (ctrl-p,ctrl-q) leave it running and exit 1 with `read escape sequence`, as Docker does; Ctrl-C
 * is forwarded to a container without a TTY (`--sig-proxy`, the default), else detaches (130).
 */
export async function runAttach(ctx: CliContext, service: string, flags: AttachFlags): Promise<void> {
  const { DEFAULT_DETACH_KEYS, detachFilter, parseDetachKeys } = await import("../../../engine/oneoff/detach-keys.js");
  const detachKeys = flags.detachKeys ?? DEFAULT_DETACH_KEYS;
  const keys = parseDetachKeys(detachKeys);
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { attachSession, attachTarget } = await import("../../../engine/oneoff/attach.js");
  const target = await attachTarget(runtime, { projectName, service, ...(flags.index !== undefined ? { index: flags.index } : {}) });
  const stdin = ctx.stdin as MaybeTty;
  const wantStdin = flags.stdin !== false;
  if (target.tty && wantStdin && stdin.isTTY !== true) {
    throw new ComposeError("E_NOT_A_TTY", "the input device is not a TTY", { hint: `${target.name} has a TTY: attach from a terminal, or with --no-stdin.` });
  }
  const useStdin = wantStdin && target.openStdin;
  const raw = useStdin && target.tty && stdin.isTTY === true && typeof stdin.setRawMode === "function";
  const controller = new AbortController();
  let escaped = false;
  const input = useStdin ? detachFilter(stdin, keys, () => ((escaped = true), controller.abort())) : undefined;
  const restoreSignals = handleSignals(runtime, target.id, flags.sigProxy !== false && !target.tty, () => controller.abort());
  if (raw) stdin.setRawMode?.(true);
  let outcome: AttachOutcome;
  try {
    outcome = await attachSession(runtime, target, {
      ...(input ? { stdin: input } : {}),
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
      ...(target.tty ? withTerminal(ctx) : {}),
      detachKeys,
      signal: controller.signal,
    });
  } finally {
    if (raw) stdin.setRawMode?.(false);
    restoreSignals();
  }
  process.exitCode = exitCodeOf(outcome, escaped, ctx, target);
}

function withTerminal(ctx: CliContext): { terminal?: NonNullable<ReturnType<typeof terminalSizeOf>> } {
  const terminal = terminalSizeOf(ctx.stdout);
  return terminal ? { terminal } : {};
}

/** The container's exit code; 1 after the detach keys (Docker's `read escape sequence`); 130 after Ctrl-C. */
function exitCodeOf(outcome: AttachOutcome, escaped: boolean, ctx: CliContext, target: AttachTarget): number {
  if (outcome.kind === "exited") return outcome.exitCode;
  if (escaped) {
    ctx.stderr.write(`read escape sequence\n`);
    return 1;
  }
  ctx.stderr.write(`detached from ${target.name}\n`);
  return 130;
}
