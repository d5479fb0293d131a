import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { WatchRule } from "../spec/project.js";
import type { PathFilter } from "./ignore.js";
import { toContainerPath, type SyncEntry } from "./rules.js";

/**
 * `initial_sync`: every path under the rule's path that the rule counts (ignored directories are
 * not entered, symlinks are listed, never followed), as sync entries; a rule whose path is a file
 * gives that file. Empty when the path does not exist or the rule has no target.
 */
export async function initialEntries(rule: WatchRule, filter: PathFilter): Promise<SyncEntry[]> {
  const target = rule.target;
  if (!target) return [];
  const root = await lstat(rule.path).catch(() => undefined);
  if (!root) return [];
  const entry = (hostPath: string): SyncEntry => ({ hostPath, containerPath: toContainerPath(rule.path, target, hostPath), target });
  if (!root.isDirectory()) return filter.excludes(rule.path) ? [] : [entry(rule.path)];
  const out: SyncEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (filter.prunes(p)) continue;
        if (!filter.excludes(p, true)) out.push(entry(p));
        await walk(p);
      } else if ((child.isFile() || child.isSymbolicLink()) && !filter.excludes(p)) {
        out.push(entry(p));
      }
    }
  };
  await walk(rule.path);
  return out;
}
