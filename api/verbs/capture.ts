import { Writable } from "node:stream";

/** A writable stream that keeps everything written to it as UTF-8 text (`text`). */
export class TextCapture extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding));
    callback();
  }

  /** Everything written so far. */
  get text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}
