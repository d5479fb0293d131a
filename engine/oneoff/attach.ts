import { ComposeError } from "../../spec/errors.js";
import type { ByteSource, OutputStreams, Runtime, TerminalSizeSource } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import { serviceContainer } from "./service-container.js";
import { followTerminal } from "./terminal.js";

/** The container `attach` connects to, and what decides how: its TTY and its open stdin. */
export interface AttachTarget {
  readonly id: string;
  readonly name: string;
  readonly tty: boolean;
  /** Created with `stdin_open`: only then can our stdin reach it. */
  readonly openStdin: boolean;
}

/** Which container of a service `attach` connects to. */
export interface AttachQuery {
  readonly projectName: string;
  readonly service: string;
  /** `--index`: the container number; default the lowest-numbered running one. */
  readonly index?: number;
}

const stateError = (code: string, message: string, hint: string) => new ComposeError(code, message, { hint });

/**
 * The running container of the service `attach` connects to. Fails with `E_NO_CONTAINER` when the
 * service has none (with that index), `E_CONTAINER_PAUSED` for a paused one and
 * `E_CONTAINER_RESTARTING` for one the engine is restarting, as `docker attach` refuses them.
 */
export async function attachTarget(runtime: Runtime, query: AttachQuery): Promise<AttachTarget> {
  const c = await serviceContainer(runtime, { ...query, running: true });
  const info = await runtime.inspectContainer(c.id);
  checkAttachable(info.state, c.name);
  return { id: c.id, name: c.name, tty: info.config.tty, openStdin: info.config.openStdin };
}

function checkAttachable(state: { running: boolean; paused: boolean; restarting: boolean }, name: string): void {
  if (!state.running) throw stateError("E_NO_CONTAINER", `container ${name} is not running`, "Start it with `tscompose up -d` first.");
  if (state.paused) throw stateError("E_CONTAINER_PAUSED", `container ${name} is paused`, "Unpause it with `tscompose unpause` first.");
  if (state.restarting) throw stateError("E_CONTAINER_RESTARTING", `container ${name} is restarting`, "Wait until it is running.");
}

/** How to attach once the target is known. */
export interface AttachSession {
  /** Our stdin; sent only when the container has an open stdin. */
  readonly stdin?: ByteSource;
  /** Where its output goes, byte for byte. */
  readonly streams: OutputStreams;
  /** With a TTY container: its terminal follows this one's size. */
  readonly terminal?: TerminalSizeSource;
  /** The detach sequence, passed on to the engine (the caller watches for it on stdin). */
  readonly detachKeys?: string;
  /** Aborting detaches: the container runs on. */
  readonly signal?: AbortSignal;
}

/** How an attachment ended. */
export type AttachOutcome = { readonly kind: "exited"; readonly exitCode: number } | { readonly kind: "detached" };

/**
 * Attaches to a running container as `docker attach` does: waits for its exit registered first
 * (so a quick exit is not missed), attaches, checks it is still running, then relays its output
 * until it ends and resolves with the container's exit code; or `detached` once the signal
 * aborts. The end of our stdin does not end the session: the engine then closes this attachment's
 * output and the session lasts until the container exits, like Docker's.
 */
export async function attachSession(runtime: Runtime, target: AttachTarget, session: AttachSession): Promise<AttachOutcome> {
  const waitAbort = new AbortController();
  const exit = runtime.waitContainer(target.id, { condition: "not-running", signal: waitAbort.signal });
  exit.catch(() => undefined);
  let unfollow = () => undefined as void;
  try {
    const attachment = await runtime.attachContainer(target.id, {
      ...(session.stdin !== undefined && target.openStdin ? { stdin: session.stdin } : {}),
      streams: session.streams,
      tty: target.tty,
      ...(session.detachKeys ? { detachKeys: session.detachKeys } : {}),
      ...(session.signal ? { signal: session.signal } : {}),
    });
    // It may have exited between the check and the attach, which would then wait forever.
    checkAttachable((await runtime.inspectContainer(target.id)).state, target.name);
    if (target.tty && session.terminal) unfollow = followTerminalNudged(runtime, target.id, session.terminal);
    const detached = new Promise<"detached">((resolve) => {
      if (session.signal?.aborted) resolve("detached");
      session.signal?.addEventListener("abort", () => resolve("detached"), { once: true });
    });
    if ((await Promise.race([attachment.done.then(() => "ended" as const), detached])) === "detached") return { kind: "detached" };
    const ended = await Promise.race([exit.then((code) => ({ code })), detached]);
    return ended === "detached" ? { kind: "detached" } : { kind: "exited", exitCode: ended.code };
  } catch (error) {
    if (isRuntimeError(error, "not-found")) throw stateError("E_NO_CONTAINER", `container ${target.name} is gone`, "Start the service again with `tscompose up -d`.");
    throw error;
  } finally {
    unfollow();
    waitAbort.abort();
  }
}

/**
 * Follows the local terminal's size, first one row and column larger: re-attaching to a shell
 * that already has the right size would not redraw its prompt (the docker CLI's trick).
 */
function followTerminalNudged(runtime: Runtime, id: string, terminal: TerminalSizeSource): () => void {
  const size = terminal.current();
  const nudge = size ? runtime.resizeContainerTty(id, { rows: size.rows + 1, columns: size.columns + 1 }).catch(() => undefined) : Promise.resolve();
  let stop: (() => void) | undefined;
  let stopped = false;
  void nudge.then(() => {
    if (!stopped) stop = followTerminal(terminal, (s) => runtime.resizeContainerTty(id, s));
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
