import { execService } from "../../engine/oneoff/exec.js";
import type { ByteSource, OutputStreams, Runtime, TerminalSizeSource } from "../../engine/runtime/runtime.js";
import { TextCapture, type CommandResult } from "./capture.js";

/** How `exec` runs a command in a service container. */
export interface ExecOptions {
  /** The container number; default the lowest-numbered running one. */
  readonly index?: number;
  readonly user?: string;
  /** Working directory of the command. */
  readonly workdir?: string;
  /** Added to the container's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly privileged?: boolean;
  readonly signal?: AbortSignal;
}

/** `exec` with its output streamed (the CLI's form). */
export interface StreamingExecOptions extends ExecOptions {
  readonly streams: OutputStreams;
  /** Allocate a pseudo-TTY (output then comes as one stream). */
  readonly tty?: boolean;
  /** Start the command and return 0 at once. */
  readonly detach?: boolean;
  /** Fed to the command's standard input. */
  readonly stdin?: ByteSource;
  /** With `tty`: the remote terminal follows this one's size (the CLI passes its own terminal). */
  readonly terminal?: TerminalSizeSource;
}

/**
 * Runs `cmd` in a running container of the service, its output written to `options.streams`, and
 * resolves with the command's exit code. Fails with E_NO_CONTAINER when the service has no
 * running container (with that index).
 */
export async function execStreaming(runtime: Runtime, projectName: string, service: string, cmd: readonly string[], options: StreamingExecOptions): Promise<number> {
  return execService(runtime, {
    projectName,
    service,
    cmd,
    tty: options.tty === true,
    ...(options.env ? { env: options.env } : {}),
    ...(options.user ? { user: options.user } : {}),
    ...(options.workdir ? { workingDir: options.workdir } : {}),
    ...(options.index !== undefined ? { index: options.index } : {}),
    ...(options.privileged ? { privileged: true } : {}),
    ...(options.detach ? { detach: true } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.terminal ? { terminal: options.terminal } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    streams: options.streams,
  });
}

/** Runs `cmd` like `execStreaming` and resolves with its exit code and what it printed (no TTY). */
export async function execCapture(runtime: Runtime, projectName: string, service: string, cmd: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
  const stdout = new TextCapture();
  const stderr = new TextCapture();
  const exitCode = await execStreaming(runtime, projectName, service, cmd, { ...options, streams: { stdout, stderr } });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}
