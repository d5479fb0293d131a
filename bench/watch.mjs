// Watch benchmarks (issue 4):
//  1. sync latency: host write → new content visible inside the container, over N edits, measured
//     by a poller already running inside the container (a busybox `sh` loop that reads the file with
//     the `read` builtin every 2 ms and prints each new value; the host times from the write to the
//     value arriving on the exec's output stream), p50/p95;
//  2. idle watcher: a tree of FILES files (half of them in node_modules, ignored by .dockerignore),
//     CPU% and RSS of the `tscompose watch` process over IDLE seconds of no change;
//  3. build context: `tscompose build` vs `docker build` (classic builder, DOCKER_BUILDKIT=0, the
//     same Engine API /build) of a FILES-file directory with node_modules in .dockerignore,
//     alternating, medians and ratio.
//
// Usage: npm run build && node bench/watch.mjs [--edits 50] [--files 20000] [--idle 30] [--rounds 5]
//        [--only latency,idle,context] [--out bench/results/watch.md] [--note "text for the report"]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { alternate, median, percentile, table, timeOnce } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist/cli/bin/tscompose.js");
const IMAGE = "tscompose-busybox:latest";
const LONG_RUNNING = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

function parseArgs(argv) {
  const opts = { edits: 50, files: 20000, idle: 30, rounds: 5, only: ["latency", "idle", "context"], out: path.join(root, "bench/results/watch.md") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--edits") opts.edits = Number(next());
    else if (a === "--files") opts.files = Number(next());
    else if (a === "--idle") opts.idle = Number(next());
    else if (a === "--rounds") opts.rounds = Number(next());
    else if (a === "--only") opts.only = next().split(",");
    else if (a === "--out") opts.out = path.resolve(next());
    else if (a === "--note") opts.note = next();
    else throw new Error(`watch bench: unknown argument ${a}`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const work = mkdtempSync(path.join(os.tmpdir(), "tsc-bench-watch-"));
const stateDir = path.join(work, "state");
const env = { ...process.env, XDG_RUNTIME_DIR: stateDir };
const children = new Set();
const log = (msg) => process.stderr.write(`[watch bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tsc(dir, project, args) {
  const r = spawnSync(process.execPath, [cli, "--progress", "quiet", "-p", project, ...args], { cwd: dir, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tscompose ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function writeTree(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/** `count` small files under `dir/sub`, 100 per directory. */
function manyFiles(dir, sub, count) {
  for (let i = 0; i < count; i++) {
    const d = path.join(dir, sub, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, `f${i}.js`), `module.exports = ${i};\n`);
  }
}

/** Starts `tscompose watch` and resolves with the child once its ready line is printed. */
function startWatch(dir, project, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "--progress", "plain", "-p", project, "watch", ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    const timer = setTimeout(() => reject(new Error(`watch did not get ready in 180 s:\n${out}`)), 180_000);
    child.output = () => out;
    const onData = (d) => {
      out += d;
      if (/watching .*\(project .*, pid \d+\)/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`watch exited (${code}) before it was ready:\n${out}`));
    });
  });
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await done;
  clearTimeout(timer);
  children.delete(child);
}

function down(dir, project) {
  spawnSync(process.execPath, [cli, "--progress", "quiet", "-p", project, "down", "-v", "-t", "1"], { cwd: dir, env });
}

/** 1. Sync latency with an in-container poller reading the file every 2 ms. */
async function syncLatency() {
  const project = "bench-watch-latency";
  const dir = path.join(work, "latency");
  writeTree(dir, {
    "compose.yaml": `services:\n  app:\n    image: ${IMAGE}\n    command: ${LONG_RUNNING}\n    develop:\n      watch:\n        - path: ./src\n          target: /app\n          action: sync\n`,
    "src/seq": "0\n",
  });
  const watcher = await startWatch(dir, project);
  const samples = [];
  try {
    // The poller prints each new value of /app/seq; `read` is a shell builtin (no fork per poll).
    const script = "last=; while :; do read -r v < /app/seq 2>/dev/null; if [ \"$v\" != \"$last\" ]; then echo \"$v\"; last=$v; fi; usleep 2000; done";
    const poller = spawn("docker", ["exec", `${project}-app-1`, "sh", "-c", script], { stdio: ["ignore", "pipe", "ignore"] });
    children.add(poller);
    const seen = new Map();
    let buffer = "";
    poller.stdout.setEncoding("utf8").on("data", (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        seen.set(buffer.slice(0, nl).trim(), performance.now());
        buffer = buffer.slice(nl + 1);
      }
    });
    await sleep(1000);
    for (let i = 1; i <= opts.edits; i++) {
      const value = `edit-${i}`;
      const t0 = performance.now();
      writeFileSync(path.join(dir, "src/seq"), `${value}\n`);
      const until = t0 + 10_000;
      while (!seen.has(value) && performance.now() < until) await sleep(1);
      if (!seen.has(value)) throw new Error(`edit ${i} never became visible in the container`);
      samples.push(seen.get(value) - t0);
      await sleep(150 + Math.random() * 100);
    }
    poller.kill("SIGKILL");
    children.delete(poller);
  } finally {
    await stopChild(watcher);
    down(dir, project);
  }
  // The watcher's own figure for each sync (tar + archive API call), from its `app: synced … in N ms` lines.
  const syncMs = [...watcher.output().matchAll(/app: synced .* in (\d+) ms/g)].map((m) => Number(m[1]));
  log(`sync latency over ${samples.length} edits: p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms (watcher's sync step p50 ${syncMs.length ? percentile(syncMs, 50) : "?"} ms)`);
  return { samples, syncMs };
}

/** CPU ticks (user+system) and RSS (kB) of a process, from /proc. */
function procSample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return { ticks, rss };
}

function clockTicks() {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout.trim()) || 100;
}

/** 2. An idle watcher of a big tree (node_modules ignored): CPU% and RSS over opts.idle seconds. */
async function idleWatcher() {
  const project = "bench-watch-idle";
  const dir = path.join(work, "idle");
  writeTree(dir, {
    "compose.yaml": `services:\n  app:\n    build: .\n    image: bench-watch-idle-app\n    command: ${LONG_RUNNING}\n    develop:\n      watch:\n        - path: ./\n          target: /app\n          action: sync\n`,
    Dockerfile: `FROM ${IMAGE}\n`,
    ".dockerignore": "node_modules\n",
  });
  // Half the tree is watched (src), half ignored (node_modules).
  manyFiles(dir, "src", Math.floor(opts.files / 2));
  manyFiles(dir, "node_modules", opts.files - Math.floor(opts.files / 2));
  // Up first, so the measured process is the watcher alone.
  tsc(dir, project, ["up", "-d"]);
  const t0 = performance.now();
  const watcher = await startWatch(dir, project, ["--no-up"]);
  const readyMs = performance.now() - t0;
  const hz = clockTicks();
  try {
    // The initial scan (chokidar's lstat of every watched file, then its garbage collection)
    // goes on for a few seconds after the ready line: idle starts once a whole second passes
    // with at most one clock tick of CPU (up to 30 s); that settle time is reported, and the
    // peak RSS covers it.
    const born = procSample(watcher.pid);
    let peak = born.rss;
    let prev = born;
    const settleStart = performance.now();
    while (performance.now() - settleStart < 30_000) {
      await sleep(1000);
      const now = procSample(watcher.pid);
      peak = Math.max(peak, now.rss);
      const quiet = now.ticks - prev.ticks <= 1;
      prev = now;
      if (quiet) break;
    }
    const settleMs = readyMs + (performance.now() - settleStart);
    const first = procSample(watcher.pid);
    const start = performance.now();
    const perSecond = [];
    let before = first;
    while (performance.now() - start < opts.idle * 1000) {
      await sleep(1000);
      const now = procSample(watcher.pid);
      peak = Math.max(peak, now.rss);
      perSecond.push(now.ticks - before.ticks);
      before = now;
    }
    const last = procSample(watcher.pid);
    const seconds = (performance.now() - start) / 1000;
    const cpu = ((last.ticks - first.ticks) / hz / seconds) * 100;
    // V8's memory reducer runs one full GC some seconds after start-up: the second half of the
    // window shows the steady state.
    const tail = perSecond.slice(Math.floor(perSecond.length / 2));
    const cpuSteady = (tail.reduce((a, b) => a + b, 0) / hz / Math.max(1, tail.length)) * 100;
    log(`idle watcher of ${opts.files} files: CPU ${cpu.toFixed(2)} % (second half ${cpuSteady.toFixed(2)} %; ticks per second ${perSecond.join(" ")}), RSS ${(last.rss / 1024).toFixed(1)} MB (peak ${(peak / 1024).toFixed(1)} MB), ready in ${readyMs.toFixed(0)} ms, settled after ${settleMs.toFixed(0)} ms`);
    return { cpu, cpuSteady, perSecond, rssMb: last.rss / 1024, peakMb: peak / 1024, readyMs, settleMs, startupCpuS: (first.ticks - born.ticks) / hz, seconds };
  } finally {
    await stopChild(watcher);
    down(dir, project);
    spawnSync("docker", ["rmi", "-f", "bench-watch-idle-app"], { stdio: "ignore" });
  }
}

/** 3. Build context of a big directory (node_modules ignored): tscompose build vs docker build. */
async function buildContext() {
  const project = "bench-watch-ctx";
  const dir = path.join(work, "context");
  writeTree(dir, {
    "compose.yaml": `services:\n  app:\n    build: .\n    image: bench-watch-ctx-tsc\n`,
    Dockerfile: `FROM ${IMAGE}\nCOPY . /ctx\n`,
    ".dockerignore": "node_modules\n",
  });
  manyFiles(dir, "src", Math.floor(opts.files / 2));
  manyFiles(dir, "node_modules", opts.files - Math.floor(opts.files / 2));
  const labels = [`com.docker.compose.project=${project}`, "com.docker.compose.service=app", `com.docker.compose.version=${await composeVersion()}`];
  const contenders = [
    // Reference row: the CLI's start-up and project load alone (no engine call), the fixed part of `tscompose build`.
    { name: "tscompose config -q", run: () => timeOnce(process.execPath, [cli, "-p", project, "config", "-q"], { cwd: dir, env }) },
    { name: "tscompose build", run: () => timeOnce(process.execPath, [cli, "--progress", "quiet", "-p", project, "build", "-q"], { cwd: dir, env }) },
    {
      name: "docker build",
      // The same labels tscompose gives its images (the classic builder turns them into LABEL steps).
      run: () => timeOnce("docker", ["build", "-q", ...labels.flatMap((l) => ["--label", l]), "-t", "bench-watch-ctx-docker", "."], { cwd: dir, env: { ...env, DOCKER_BUILDKIT: "0" } }),
    },
  ];
  try {
    const times = alternate(contenders, opts.rounds, 1);
    log(`build context: tscompose ${median(times["tscompose build"]).toFixed(0)} ms, docker ${median(times["docker build"]).toFixed(0)} ms`);
    return times;
  } finally {
    spawnSync("docker", ["rmi", "-f", "bench-watch-ctx-tsc", "bench-watch-ctx-docker"], { stdio: "ignore" });
  }
}

/** The `com.docker.compose.version` label value tscompose writes (from the tsc output in dist/). */
async function composeVersion() {
  const { COMPOSE_VERSION_LABEL } = await import("../dist/engine/runtime/labels.js");
  return COMPOSE_VERSION_LABEL;
}

function versions() {
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
  const engine = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], { encoding: "utf8" }).stdout.trim();
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu} (${os.cpus().length} cores), Linux ${os.release()}, Node ${process.version}, Docker Engine ${engine}, tscompose ${git}.`;
}

function report(results) {
  const lines = ["# Watch benchmarks", "", versions(), ...(opts.note ? ["", `> ${opts.note}`] : []), "", "## Targets (issue 4)", "", "| target | measured | status |", "|---|---|---|"];
  const status = (ok) => (ok ? "met" : "missed");
  const { latency, idle, context } = results;
  if (latency) {
    const p50 = percentile(latency.samples, 50);
    const p95 = percentile(latency.samples, 95);
    lines.push(`| sync latency p50 ≤ 150 ms (${latency.samples.length} edits) | ${p50.toFixed(0)} ms | ${status(p50 <= 150)} |`);
    lines.push(`| sync latency p95 ≤ 300 ms | ${p95.toFixed(0)} ms | ${status(p95 <= 300)} |`);
  }
  if (idle) {
    lines.push(
      `| idle ${opts.files}-file tree: CPU near 0 | ${idle.cpuSteady.toFixed(2)} % over the last ${Math.floor(idle.seconds / 2)} s (${idle.cpu.toFixed(2)} % over all ${idle.seconds.toFixed(0)} s, with V8's one-off memory-reducer GC) | ${status(idle.cpuSteady < 1)} |`,
    );
    lines.push(`| idle ${opts.files}-file tree: RSS < 150 MB | ${idle.rssMb.toFixed(1)} MB (peak ${idle.peakMb.toFixed(1)}) | ${status(idle.peakMb < 150)} |`);
  }
  if (context) {
    const ratio = median(context["tscompose build"]) / median(context["docker build"]);
    const startup = median(context["tscompose config -q"]);
    const net = (median(context["tscompose build"]) - startup) / median(context["docker build"]);
    lines.push(`| ${opts.files}-file build context comparable to docker build | ${ratio.toFixed(2)}× (${net.toFixed(2)}× without tscompose's ${startup.toFixed(0)} ms start-up) | ${status(ratio <= 1.25)} |`);
  }
  if (latency) {
    lines.push("", "## Sync latency", "");
    lines.push(
      `\`tscompose watch\` (default 50 ms debounce) syncs \`./src\` into a running \`${IMAGE}\` container. A poller runs inside it`,
      "(`docker exec … sh -c 'while :; do read -r v < /app/seq; …; usleep 2000; done'`, the shell's `read` builtin every 2 ms) and",
      "prints each new value; the host writes a new value, then times until that value arrives on the exec's output. Edits are",
      "150–250 ms apart.",
      "",
      "The last column is the watcher's own figure for the sync step (tar + archive API), from its `synced … in N ms` lines;",
      "the rest is the 50 ms debounce, the file event, and the poller.",
      "",
      `| edits | p50 ms | p95 ms | min | max | sync step p50 ms |`,
      "|---|---|---|---|---|---|",
      `| ${latency.samples.length} | ${percentile(latency.samples, 50).toFixed(0)} | ${percentile(latency.samples, 95).toFixed(0)} | ${Math.min(...latency.samples).toFixed(0)} | ${Math.max(...latency.samples).toFixed(0)} | ${latency.syncMs.length ? percentile(latency.syncMs, 50) : "?"} |`,
    );
  }
  if (idle) {
    lines.push("", "## Idle watcher", "");
    lines.push(
      `A ${opts.files}-file tree (half in \`node_modules\`, which \`.dockerignore\` excludes) watched by one \`sync\` rule on \`./\`,`,
      `\`watch --no-up\` on the running service; CPU from /proc utime+stime of the watcher process over ${idle.seconds.toFixed(0)} s of no`,
      `change, RSS from VmRSS. Ready after ${idle.readyMs.toFixed(0)} ms; the initial scan settled (a second with at most one clock tick) after ${idle.settleMs.toFixed(0)} ms, using ${idle.startupCpuS.toFixed(1)} s of CPU after the ready line; the peak RSS includes it. Clock ticks (1/${clockTicks()} s) per second of the window: ${idle.perSecond.join(" ")}.`,
    );
  }
  if (context) {
    lines.push("", "## Build context", "");
    lines.push(
      `A ${opts.files}-file directory (half in \`node_modules\`, excluded by \`.dockerignore\`), \`Dockerfile\`: \`COPY . /ctx\`; after`,
      "the warm-up both hit the engine's layer cache, so the time is mostly sending and checksumming the context.",
      "`docker build` runs with `DOCKER_BUILDKIT=0` (the classic builder: the same `POST /build` tscompose uses) and the three",
      "`com.docker.compose.*` labels tscompose puts on its images, so both do the same work. tscompose's time includes its start-up;",
      "`tscompose config -q` (start-up and project load, no engine call) is shown as the fixed part.",
      `${opts.rounds} alternating rounds after 1 warm-up round.`,
      "",
      table(context, "docker build"),
    );
  }
  return `${lines.join("\n")}\n`;
}

async function main() {
  mkdirSync(stateDir, { recursive: true });
  const results = {};
  try {
    if (opts.only.includes("latency")) results.latency = await syncLatency();
    if (opts.only.includes("idle")) results.idle = await idleWatcher();
    if (opts.only.includes("context")) results.context = await buildContext();
  } finally {
    for (const c of children) c.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, report(results));
  log(`wrote ${path.relative(root, opts.out)}`);
}

process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGKILL");
  process.exit(130);
});
await main();
