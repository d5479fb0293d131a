import { createReadStream, type Stats } from "node:fs";
import { readFile, readlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Header, Pack } from "tar-stream";

/** One archive entry taken from the host: a file, a directory or a symlink (stored as a link). */
export interface HostEntry {
  /** Path inside the archive (no leading `/`). */
  readonly name: string;
  readonly hostPath: string;
  readonly stat: Stats;
  readonly type: "file" | "directory" | "symlink";
}

/** The uid/gid every entry is stored with. */
export interface EntryOwner {
  readonly uid: number;
  readonly gid: number;
}

type EntryHeader = Partial<Header> & Pick<Header, "name">;

/** A file read whole below this size (so its size cannot change under the tar header); larger ones are streamed. */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
/** Entries and content bytes read ahead at once while the archive is produced. */
const CHUNK_ENTRIES = 64;
const CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Writes `entries` into `tar` in order (it does not finalize it). Small files are read ahead in
 * parallel, a chunk at a time (bounded in entries and bytes, so memory stays bounded); a large
 * file is streamed alone. Entries keep the host's mode and mtime and carry `owner`; symlinks are
 * stored as links, never followed. A file that vanished since it was listed is written empty.
 */
export async function writeHostEntries(tar: Pack, entries: readonly HostEntry[], owner: EntryOwner): Promise<void> {
  for (let i = 0; i < entries.length; ) {
    const chunk = nextChunk(entries, i);
    i += chunk.length;
    // One read at a time leaves the disk and libuv's thread pool idle: read the chunk together.
    const loaded = await Promise.all(chunk.map(load));
    const written: Promise<void>[] = [];
    chunk.forEach((p, k) => {
      const header: EntryHeader = { name: p.name, type: p.type, mode: p.stat.mode & 0o7777, mtime: p.stat.mtime, uid: owner.uid, gid: owner.gid, uname: "", gname: "", size: 0 };
      const data = loaded[k];
      if (p.type === "directory") written.push(writeEntry(tar, header));
      else if (p.type === "symlink") written.push(writeEntry(tar, { ...header, linkname: String(data ?? "") }));
      else if (Buffer.isBuffer(data)) written.push(writeEntry(tar, { ...header, size: data.length }, data));
      else written.push(pipeline(createReadStream(p.hostPath, { start: 0, end: p.stat.size - 1 }), tar.entry({ ...header, size: p.stat.size })));
    });
    await Promise.all(written);
  }
}

/** Writes one entry with in-memory content (or none). */
export function writeEntry(tar: Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => tar.entry(header, content ?? "", (err) => (err ? reject(err) : resolve())));
}

/** Entries from `start` whose small contents together stay under the chunk bounds; a large file goes alone. */
function nextChunk(entries: readonly HostEntry[], start: number): HostEntry[] {
  const out: HostEntry[] = [];
  let bytes = 0;
  for (let i = start; i < entries.length && out.length < CHUNK_ENTRIES; i++) {
    const p = entries[i]!;
    const size = p.type === "file" ? p.stat.size : 0;
    if (out.length > 0 && (size > WHOLE_FILE_BYTES || bytes + size > CHUNK_BYTES)) break;
    out.push(p);
    bytes += size;
    if (size > WHOLE_FILE_BYTES) break;
  }
  return out;
}

/** A small file's content (empty when it vanished since it was listed), a link's target, or nothing. */
async function load(p: HostEntry): Promise<Buffer | string | undefined> {
  if (p.type === "symlink") return readlink(p.hostPath).catch(() => "");
  if (p.type === "file" && p.stat.size <= WHOLE_FILE_BYTES) return readFile(p.hostPath).catch(() => Buffer.alloc(0));
  return undefined;
}
