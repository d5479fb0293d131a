import type { ByteSource, OutputStreams, Runtime, TerminalSizeSource } from "../runtime/runtime.js";
import { serviceContainer } from "./service-container.js";

/** An `exec` request: a command in a running container of a service. */
export interface ExecRequest {
  readonly projectName: string;
  readonly service: string;
  /** `--index`: the container number; default the lowest-numbered running one. */
  readonly index?: number;
  readonly cmd: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  /** Added to the container's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly privileged?: boolean;
  /** Allocate a pseudo-TTY (output then comes as one stream). */
  readonly tty?: boolean;
  /** `-d`: start the command and return at once. */
  readonly detach?: boolean;
  /** Fed to the command's stdin (interactive). */
  readonly stdin?: ByteSource;
  /** With `tty`: the remote terminal follows this one's size. */
  readonly terminal?: TerminalSizeSource;
  /** Where the command's output goes. */
  readonly streams: OutputStreams;
  readonly signal?: AbortSignal;
}

/**
 * Runs a command in a running container of the service, its output passed through to `streams`,
 * and resolves with the command's exit code (0 at once with `detach`). Fails with
 * `E_NO_CONTAINER` when the service has no running container (with that index).
 */
export async function execService(runtime: Runtime, req: ExecRequest): Promise<number> {
  const container = await serviceContainer(runtime, {
    projectName: req.projectName,
    service: req.service,
    running: true,
    ...(req.index !== undefined ? { index: req.index } : {}),
  });
  const result = await runtime.exec(container.id, {
    cmd: req.cmd,
    ...(req.user ? { user: req.user } : {}),
    ...(req.workingDir ? { workingDir: req.workingDir } : {}),
    ...(req.env && Object.keys(req.env).length > 0 ? { env: req.env } : {}),
    ...(req.privileged ? { privileged: true } : {}),
    tty: req.tty === true,
    ...(req.tty && req.terminal ? { terminal: req.terminal } : {}),
    ...(req.detach ? { detach: true } : {}),
    ...(req.stdin !== undefined && !req.detach ? { stdin: req.stdin } : {}),
    streams: req.streams,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  return result.exitCode;
}
