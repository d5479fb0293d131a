import { readdir } from "node:fs/promises";
import path from "node:path";
import type { FileEvent } from "./file-watcher.js";

/**
 * A batch with the contents of each directory it reports as added: every file and symlink below
 * it (walked now; links are listed, never followed; directories `prunes` rejects are not entered)
 * becomes an `add` event, every directory an `addDir`. A file written into a new directory before
 * the watcher watched that directory still reaches the containers. The batch's own events come
 * last; a batch without `addDir` comes back as it is.
 */
export async function withAddedDirContents(events: readonly FileEvent[], prunes: (dir: string) => boolean): Promise<readonly FileEvent[]> {
  const added = events.filter((e) => e.kind === "addDir");
  if (added.length === 0) return events;
  const found: FileEvent[] = [];
  const walk = async (dir: string): Promise<void> => {
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children) {
      const p = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (prunes(p)) continue;
        found.push({ kind: "addDir", path: p });
        await walk(p);
      } else if (child.isFile() || child.isSymbolicLink()) {
        found.push({ kind: "add", path: p });
      }
    }
  };
  for (const e of added) if (!prunes(e.path)) await walk(e.path);
  return [...found, ...events];
}
