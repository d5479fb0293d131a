// Runs every benchmark (spec pipeline, engine, CI cycle, watch, Swarm) and assembles bench/RESULTS.md from their reports.
// Usage: npm run bench [-- --only spec|engine|ci|watch|swarm] ; run on a quiet machine, then commit bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const suites = [
  { name: "spec", script: "spec.mjs", report: "results/spec.md" },
  { name: "engine", script: "engine.mjs", report: "results/engine.md" },
  { name: "ci", script: "ci.mjs", report: "results/ci.md" },
  { name: "watch", script: "watch.mjs", report: "results/watch.md" },
  // Makes (and removes) its own one-node Swarm with scripts/swarm-cluster.sh: needs root.
  { name: "swarm", script: "swarm.mjs", report: "results/swarm.md" },
];
for (const s of suites) {
  if (only && only !== s.name) continue;
  console.log(`== ${s.name}`);
  const r = spawnSync(process.execPath, [path.join(here, s.script)], { stdio: "inherit" });
  if (r.status !== 0) console.error(`${s.name} benchmark failed (exit ${r.status})`);
}
const parts = suites.map((s) => path.join(here, s.report)).filter((p) => existsSync(p)).map((p) => readFileSync(p, "utf8").trim());
writeFileSync(path.join(here, "RESULTS.md"), `# Benchmark results\n\nAssembled by \`npm run bench\` from bench/results/*.md.\n\n${parts.join("\n\n---\n\n")}\n`);
console.log("wrote bench/RESULTS.md");
