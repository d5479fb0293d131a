import { Readable } from "node:stream";
import { extract, pack } from "tar-stream";

/** One entry of a tar archive, whole in memory (archives here are small: synced files, test data). */
export interface TarEntry {
  /** Path inside the archive, without a leading `/` (`dir/file.txt`, `dir/` for a directory). */
  readonly name: string;
  readonly type: "file" | "directory" | "symlink";
  /** Permission bits (default 0o644 for files, 0o755 for directories). */
  readonly mode?: number;
  readonly mtime?: Date;
  readonly content?: Uint8Array;
  readonly linkTarget?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** Packs entries into a tar archive (in order; parents are not added implicitly). */
export async function packTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of p) chunks.push(Buffer.from(chunk as Uint8Array));
  })();
  for (const e of entries) {
    const header = {
      name: e.name,
      type: e.type,
      mode: e.mode ?? (e.type === "directory" ? 0o755 : 0o644),
      mtime: e.mtime ?? new Date(0),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      ...(e.type === "symlink" ? { linkname: e.linkTarget ?? "" } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const content = e.type === "file" ? Buffer.from(e.content ?? new Uint8Array()) : undefined;
      p.entry(content === undefined ? { ...header, size: 0 } : { ...header, size: content.length }, content ?? "", (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Reads every entry of a tar archive (file contents in memory). Unknown entry types are skipped. */
export async function unpackTar(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<TarEntry[]> {
  const ex = extract();
  const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : Readable.from(source);
  input.on("error", (err) => ex.destroy(err));
  input.pipe(ex);
  const out: TarEntry[] = [];
  for await (const entry of ex) {
    const parts: Buffer[] = [];
    for await (const chunk of entry) parts.push(Buffer.from(chunk as Uint8Array));
    const h = entry.header;
    const type = h.type === "directory" ? "directory" : h.type === "symlink" ? "symlink" : h.type === "file" || h.type === "contiguous-file" ? "file" : undefined;
    if (!type) continue;
    out.push({
      name: h.name,
      type,
      mode: (h.mode ?? 0) & 0o7777,
      ...(h.mtime ? { mtime: h.mtime } : {}),
      ...(type === "file" ? { content: Buffer.concat(parts) } : {}),
      ...(type === "symlink" && h.linkname ? { linkTarget: h.linkname } : {}),
      uid: h.uid ?? 0,
      gid: h.gid ?? 0,
    });
  }
  return out;
}
