/** One line of watch output: what happened to a service, with figures for the log line. */
export interface WatchEvent {
  readonly service: string;
  readonly kind: "synced" | "rebuilt" | "restarted" | "executed" | "warning" | "error" | "watching";
  readonly message: string;
  readonly files?: number;
  readonly bytes?: number;
  readonly ms?: number;
}

/** `web: synced 3 files (4.1 kB) in 38 ms`: the service, then the message. */
export function formatWatchEvent(e: WatchEvent): string {
  return `${e.service}: ${e.message}`;
}

/** A byte count in decimal units, one decimal above bytes: `512 B`, `4.1 kB`, `12.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let size = bytes / 1000;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${size.toFixed(1)} ${units[unit]}`;
}

/** A duration: `38 ms` below a second, `2.3 s` above. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1 file` / `3 files`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The message of a sync: what was written and removed, and how long it took. */
export function syncMessage(r: { files: number; bytes: number; deleted: number; ms: number }): string {
  const parts: string[] = [];
  if (r.files > 0 || r.deleted === 0) parts.push(`synced ${plural(r.files, "file")} (${formatBytes(r.bytes)})`);
  if (r.deleted > 0) parts.push(`removed ${plural(r.deleted, "path")}`);
  return `${parts.join(", ")} in ${formatMs(r.ms)}`;
}
