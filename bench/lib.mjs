// Shared helpers for the benchmarks: timing child processes, alternating runs, medians.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

/** Runs a command once and returns wall milliseconds; throws if it fails. */
export function timeOnce(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], ...opts });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Percentile (0-100) by nearest rank. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Runs each contender `rounds` times, alternating between them within every round so drift in
 * machine load affects all alike. Returns name → list of wall times.
 */
export function alternate(contenders, rounds, warmup = 1) {
  const times = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let r = -warmup; r < rounds; r++) {
    for (const c of contenders) {
      const ms = c.run();
      if (r >= 0) times[c.name].push(ms);
    }
  }
  return times;
}

/** A markdown table row of median/min/max for each contender plus a ratio to `base`. */
export function table(times, base) {
  const rows = ["| contender | median ms | min | max | ratio to " + base + " |", "|---|---|---|---|---|"];
  const b = median(times[base]);
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    rows.push(`| ${name} | ${m.toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${(m / b).toFixed(2)}× |`);
  }
  return rows.join("\n");
}
