import { randomBytes } from "node:crypto";
import { open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { ComposeError, ProjectError } from "../../../spec/errors.js";

/**
 * Checks `-o FILE` before any work, as the docker CLI's `ValidateOutputPath` does: its directory
 * must exist, and FILE must not be a directory. Throws `E_USAGE` (exit 2) otherwise.
 */
export async function checkOutputPath(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new ProjectError("E_USAGE", `invalid output path: directory "${dir}" does not exist`);
  const fileStat = await stat(file).catch(() => undefined);
  if (fileStat?.isDirectory()) throw new ProjectError("E_USAGE", `invalid output path: "${file}" is a directory`, { hint: "Name a file, e.g. -o out.tar." });
}

/**
 * Writes `source` to `file` atomically: into a new temporary file beside it (mode `mode`), synced,
 * then renamed over `file`. If anything fails, or `signal` aborted (the source may then have ended
 * early), the temporary file is removed and an existing `file` is left as it was: it is only
 * ever replaced by a complete copy.
 */
export async function writeFileAtomic(file: string, source: AsyncIterable<Uint8Array>, options: { mode?: number; signal?: AbortSignal } = {}): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", options.mode ?? 0o600).catch((error: unknown) => {
    throw new ComposeError("E_OUTPUT", `cannot write ${file}: ${(error as Error).message}`, { cause: error });
  });
  try {
    try {
      for await (const chunk of source) {
        for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done)).bytesWritten;
      }
      if (options.signal?.aborted) throw new ComposeError("E_INTERRUPTED", `interrupted: ${file} was not written`, { kind: "interrupted" });
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof ComposeError) throw error;
    throw new ComposeError("E_OUTPUT", `writing ${file}: ${(error as Error).message}`, { cause: error });
  }
}
