import type { ContainerFs } from "./container-fs.js";

/** Thrown to end the whole process (`exit N`, a trapped or fatal signal). */
export class ShellExit {
  constructor(readonly code: number) {}
}

/** What a simulated process can see and do outside its own state. */
export interface ShellHost {
  readonly fs: ContainerFs;
  readonly hostname: string;
  readonly uid: number;
  /** Resolves a DNS name the way the container's resolver would; undefined when it cannot. */
  lookup(name: string): string | undefined;
  /** Waits for `p`, or throws ShellExit when a signal ends the process first. */
  interruptible<T>(p: Promise<T>): Promise<T>;
  /** Records `trap ACTION SIGNAL` (undefined action: reset). */
  trap(signal: string, action: string | undefined): void;
}

/** Where a command's bytes go and come from. */
export interface ShellIo {
  stdout(data: Buffer): void;
  stderr(data: Buffer): void;
  stdin(): Promise<Buffer>;
}

/** Mutable shell state: variables, working directory, last status. */
export interface ShellState {
  vars: Record<string, string>;
  cwd: string;
  status: number;
}

