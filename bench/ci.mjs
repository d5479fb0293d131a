// CI benchmarks (issue 5), on examples/ci-integration:
//  (a) `tscompose run --rm -T api true` on a converged project vs `docker run --rm <api image> true`
//      (target: within 1.3× of docker run);
//  (b) a full CI cycle, tscompose vs Debian's docker-compose (v1) on the same files:
//      bring up the long-running services healthy, run the tests service (which runs the one-shot
//      migration first), remove everything with its volume.
// Contenders alternate within every round (order rotating); medians, spreads and ratios go to
// bench/results/ci.md. The images are built once, untimed, before anything is measured.
//
// Usage: npm run build && node bench/ci.mjs [rounds=9] [--warmup 1] [--only run,cycle] [--out bench/results/ci.md]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { cleanupProject, closeApi, engineVersion, projectContainers } from "./engine-api.mjs";
import { median } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const example = path.join(root, "examples/ci-integration");
const tscli = path.join(root, "dist/cli/bin/tscompose.js");
const API_IMAGE = "tscompose-example-ci-api:latest";
const TIMEOUT_MS = 180_000;

function parseArgs(argv) {
  const opts = { rounds: 9, warmup: 1, only: ["run", "cycle"], out: path.join(root, "bench/results/ci.md") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--warmup") opts.warmup = Number(argv[++i]);
    else if (a === "--only") opts.only = argv[++i].split(",");
    else if (a === "--out") opts.out = path.resolve(argv[++i]);
    else if (/^\d+$/.test(a)) opts.rounds = Number(a);
    else throw new Error(`ci bench: unknown argument ${a}`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const log = (msg) => process.stderr.write(`[ci bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Runs a command in the example's directory; returns wall ms and stdout; throws with its stderr if it fails. */
function timed(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: example, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: TIMEOUT_MS, killSignal: "SIGKILL" });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${why}): ${`${r.stderr}`.trim().split("\n").slice(-3).join(" / ")}`);
  }
  return { ms, stdout: r.stdout };
}

const tsc = (project, ...args) => timed(process.execPath, [tscli, "--progress", "plain", "-p", project, ...args]);
const v1 = (project, ...args) => timed("docker-compose", ["-p", project, ...args]);
const v2 = (project, ...args) => timed("docker", ["compose", "--progress", "plain", "-p", project, ...args]);

/** The test runner must have passed: a cycle whose tests failed measures nothing useful. */
function checkTests(stdout, who) {
  if (!/tests: 0 failed/.test(stdout)) throw new Error(`${who}: the tests did not pass: ${stdout.trim().split("\n").slice(-4).join(" / ")}`);
}

// ---- (a) run --rm on a converged project vs docker run --rm --------------------------------

async function benchRun() {
  const project = "bench-ci-run";
  await cleanupProject(project);
  try {
    tsc(project, "up", "--wait", "api", "db");
    const before = (await projectContainers(project)).length;
    const contenders = [
      { name: "tscompose run --rm -T api true", run: () => tsc(project, "run", "--rm", "-T", "api", "true").ms },
      // Without the dependency check: the one-off alone, for telling the two costs apart.
      { name: "tscompose run --rm -T --no-deps api true", run: () => tsc(project, "run", "--rm", "-T", "--no-deps", "api", "true").ms },
      // The peer: Docker Compose 2.40 on the same converged project.
      { name: "docker compose run --rm -T api true", run: () => v2(project, "run", "--rm", "-T", "api", "true").ms },
      // For context: the same docker run on the project's network, as a one-off of the service joins it.
      { name: `docker run --rm --network ${project}_default ${API_IMAGE} true`, run: () => timed("docker", ["run", "--rm", "--network", `${project}_default`, API_IMAGE, "true"]).ms },
      // The floor of a Node tool: a bare Node process making docker run's four calls on that network.
      { name: `node bench/run-floor.mjs ${API_IMAGE} ${project}_default true`, run: () => timed(process.execPath, [path.join(root, "bench/run-floor.mjs"), API_IMAGE, `${project}_default`, "true"]).ms },
      // Node's start alone.
      { name: "node -e 0", run: () => timed(process.execPath, ["-e", "0"]).ms },
      // The reference (last): the target is against it.
      { name: `docker run --rm ${API_IMAGE} true`, run: () => timed("docker", ["run", "--rm", API_IMAGE, "true"]).ms },
    ];
    const times = Object.fromEntries(contenders.map((c) => [c.name, []]));
    for (let r = -opts.warmup; r < opts.rounds; r++) {
      for (const c of rotate(contenders, r)) {
        const ms = c.run();
        if (r >= 0) times[c.name].push(ms);
        log(`${r < 0 ? "warm-up" : `round ${r + 1}/${opts.rounds}`} ${c.name}: ${ms.toFixed(0)} ms`);
      }
    }
    const after = (await projectContainers(project)).length;
    if (after !== before) throw new Error(`run --rm left ${after - before} container(s) behind`);
    return { contenders: contenders.map((c) => c.name), times };
  } finally {
    await cleanupProject(project);
  }
}

// ---- (b) the full CI cycle ------------------------------------------------------------------

const CYCLES = [
  {
    key: "tscompose",
    name: "tscompose",
    project: "bench-ci-tsc",
    steps: (p) => [
      ["up", () => tsc(p, "up", "--wait", "api", "db")],
      ["tests", () => tsc(p, "run", "--rm", "-T", "tests")],
      ["down", () => tsc(p, "down", "-v")],
    ],
  },
  {
    key: "v2",
    name: "Docker Compose 2.40",
    project: "bench-ci-v2",
    steps: (p) => [
      ["up", () => v2(p, "up", "--wait", "api", "db")],
      ["tests", () => v2(p, "run", "--rm", "-T", "tests")],
      ["down", () => v2(p, "down", "-v")],
    ],
  },
  {
    key: "v1",
    name: "docker-compose v1",
    project: "benchciv1",
    // v1 has no `up --wait`: `up -d` waits for db's health before it starts api, and `run` waits
    // for api's health and the migration's exit 0 before it starts the tests.
    steps: (p) => [
      ["up", () => v1(p, "up", "-d", "api", "db")],
      ["tests", () => v1(p, "run", "--rm", "-T", "tests")],
      ["down", () => v1(p, "down", "-v")],
    ],
  },
];

async function cycleOnce(c) {
  await cleanupProject(c.project);
  const run = {};
  try {
    for (const [step, fn] of c.steps(c.project)) {
      const r = fn();
      if (step === "tests") checkTests(r.stdout, c.name);
      run[step] = r.ms;
    }
    run.total = run.up + run.tests + run.down;
    const left = await cleanupProject(c.project);
    if (left > 0) throw new Error(`down -v left ${left} object(s) with the project label`);
    return run;
  } finally {
    await cleanupProject(c.project);
  }
}

async function benchCycle() {
  const cells = Object.fromEntries(CYCLES.map((c) => [c.key, { runs: [] }]));
  for (let r = -opts.warmup; r < opts.rounds; r++) {
    for (const c of rotate(CYCLES, r)) {
      const cell = cells[c.key];
      if (cell.error) continue;
      try {
        const run = await cycleOnce(c);
        if (r >= 0) cell.runs.push(run);
        log(`${r < 0 ? "warm-up" : `round ${r + 1}/${opts.rounds}`} cycle ${c.key}: up ${run.up.toFixed(0)}, tests ${run.tests.toFixed(0)}, down ${run.down.toFixed(0)} = ${run.total.toFixed(0)} ms`);
      } catch (e) {
        cell.error = e.message.replaceAll("|", "/").slice(0, 300);
        log(`cycle ${c.key}: not available: ${cell.error}`);
      }
    }
  }
  return cells;
}

const rotate = (xs, r) => xs.map((_, i) => xs[(((i + r) % xs.length) + xs.length) % xs.length]);

// ---- report ---------------------------------------------------------------------------------

const fmt = (x) => (x === undefined ? "–" : x.toFixed(0));
const spread = (xs) => (xs.length ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : "–");

function runSection(res) {
  const [ts] = res.contenders;
  const dk = res.contenders.at(-1);
  const m = (n) => median(res.times[n]);
  const ratio = m(ts) / m(dk);
  return [
    "## (a) `run --rm` on a converged project vs `docker run --rm` (target: ≤ 1.3×)",
    "",
    "The project is up (`up --wait api db`, untimed); `api` depends on `db` (healthy), so `run` checks",
    "that condition, creates `bench-ci-run-api-run-<id>` on the project network with its labels, starts,",
    "waits for and removes it (`--no-deps`: without the dependency check). `docker run` does the same",
    "container on the default bridge; the row with `--network` runs it on the project's network instead, as",
    "the one-off joins it, which shows what a user-defined network costs the engine alone.",
    "`bench/run-floor.mjs` is the floor of any Node tool: a bare Node process making `docker run`'s four",
    "Engine API calls (create with AutoRemove, attach, wait for removal, start) on the project's network,",
    "with no compose file, labels or dependency check; `node -e 0` is Node's start alone. The target",
    "applies to the first row against the last.",
    "",
    "| contender | median ms | min–max | ratio to docker run | runs |",
    "|---|---|---|---|---|",
    ...res.contenders.map((n) => `| \`${n}\` | ${fmt(m(n))} | ${spread(res.times[n])} | ${(m(n) / m(dk)).toFixed(2)}× | ${res.times[n].length} |`),
    "",
    `Target ≤ 1.3×: ${ratio.toFixed(2)}× — ${ratio <= 1.3 ? "met" : "missed"}.`,
    ...floorLine(res, ts, dk, m),
  ].join("\n");
}

/** tscompose against the Node floor, and the floor against docker run (when the floor row ran). */
function floorLine(res, ts, dk, m) {
  const floor = res.contenders.find((n) => n.startsWith("node bench/run-floor.mjs"));
  if (!floor) return [];
  const f = m(floor) / m(dk);
  return [
    "",
    `Against the Node floor: ${(m(ts) / m(floor)).toFixed(2)}×. The floor itself is ${f.toFixed(2)}× \`docker run --rm\`` +
      (f > 1.3 ? ": no Node process that puts the one-off on the project's network meets 1.3× on this engine." : "."),
  ];
}

function cycleSection(cells) {
  const pick = (cell, k) => cell.runs.map((r) => r[k]);
  const med = (cell, k) => (cell.runs.length ? median(pick(cell, k)) : undefined);
  const v1Total = med(cells.v1, "total");
  const v2Total = med(cells.v2, "total");
  const rows = CYCLES.map((c) => {
    const cell = cells[c.key];
    if (!cell.runs.length) return `| ${c.name} | not available: ${cell.error ?? "not run"} | | | | | | | 0 |`;
    const t = med(cell, "total");
    const vs = (ref) => (ref === undefined ? "–" : `${(t / ref).toFixed(2)}×`);
    return `| ${c.name} | ${fmt(t)} | ${spread(pick(cell, "total"))} | ${fmt(med(cell, "up"))} | ${fmt(med(cell, "tests"))} | ${fmt(med(cell, "down"))} | ${vs(v2Total)} | ${vs(v1Total)} | ${cell.runs.length}${cell.error ? ` (then failed: ${cell.error})` : ""} |`;
  });
  return [
    "## (b) Full CI cycle of examples/ci-integration: tscompose vs Docker Compose 2.40 and docker-compose v1",
    "",
    "Each cycle starts from nothing (cleanup by project label, untimed) and is checked: the tests must",
    "print `tests: 0 failed` and exit 0, and `down -v` must leave nothing with the project label.",
    "",
    "- tscompose and Docker Compose 2.40: `up --wait api db` → `run --rm -T tests` → `down -v`;",
    "- docker-compose v1: `up -d api db` → `run --rm -T tests` → `down -v` (v1 has no `up --wait`; its",
    "  `up -d` waits for `db` healthy before it starts `api`, and `run` waits for `api` healthy and `migrate`",
    "  completed before it starts `tests`, so both do the same waits, split differently between steps).",
    "",
    "| contender | cycle median ms | min–max | up | tests | down | ratio to Compose 2.40 | ratio to v1 | runs |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "v1 compatibility of the files: none needed with docker-compose 1.29.2 (`service_completed_successfully`",
    "arrived in 1.29.0; the `x-base` YAML merge into `build`, `build.args` interpolation from `.env`, and",
    "`500ms` healthcheck intervals all load). The fixed `image:` names make both tools use the same",
    "images, built once before the measurements.",
  ].join("\n");
}

async function header() {
  const engine = await engineVersion();
  const v1v = execFileSync("docker-compose", ["version", "--short"], { encoding: "utf8" }).trim();
  const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    "# CI benchmarks",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu} (${os.cpus().length} cores), Linux ${os.release()}.`,
    `Versions: tscompose (${rev}), Node ${process.version}, Docker Engine ${engine.Version} (API ${engine.ApiVersion}), docker-compose ${v1v}.`,
    `${opts.rounds} alternating rounds after ${opts.warmup} warm-up round(s); the contender order rotates every round. Wall time of each process.`,
  ].join("\n");
}

async function main() {
  log("building the example's images (untimed)");
  tsc("bench-ci-build", "build");
  const sections = [await header()];
  if (opts.only.includes("run")) sections.push(runSection(await benchRun()));
  if (opts.only.includes("cycle")) sections.push(cycleSection(await benchCycle()));
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${sections.join("\n\n")}\n`);
  log(`wrote ${path.relative(root, opts.out)}`);
}

process.on("SIGINT", () => process.exit(130));
try {
  await main();
} finally {
  closeApi();
}
