// Engine benchmarks (issue 3): cold `up -d` + `down` of the wide/deep/small fixtures, a no-op
// `up -d` on a converged `wide`, the health-gate delay of `small` (engine event times) and peak
// RSS, for tscompose, Docker Compose 2.40 (`docker compose`), Debian's docker-compose (v1) and the
// raw-engine floor, run alternately.
// A contender that fails (tscompose before `up`/`down` land) is reported "not available".
//
// Usage: npm run build && node bench/engine.mjs [rounds=7] [--warmup 1] [--fixtures wide,deep,small]
//        [--contenders tscompose,v2,v1,floor] [--out bench/results/engine.md]
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { api, cleanupProject, closeApi, engineVersion, openEvents, projectContainers } from "./engine-api.mjs";
import { loadModel } from "./engine-floor-model.mjs";
import { renderReport } from "./engine-report.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TIMEOUT_MS = 180_000;
const TIME_BIN = "/usr/bin/time";
const SERVICE_LABEL = "com.docker.compose.service";
const PROJECT_LABEL = "com.docker.compose.project";

function parseArgs(argv) {
  const opts = { rounds: 7, warmup: 1, fixtures: ["wide", "deep", "small"], contenders: ["tscompose", "v2", "v1", "floor"], out: path.join(root, "bench/results/engine.md") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--warmup") opts.warmup = Number(argv[++i]);
    else if (a === "--fixtures") opts.fixtures = argv[++i].split(",");
    else if (a === "--contenders") opts.contenders = argv[++i].split(",");
    else if (a === "--out") opts.out = path.resolve(argv[++i]);
    else if (/^\d+$/.test(a)) opts.rounds = Number(a);
    else throw new Error(`engine bench: unknown argument ${a}`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const tscli = path.join(root, "dist/cli/bin/tscompose.js");
const CONTENDERS = [
  { key: "tscompose", name: "tscompose", project: "bench-tsc", cmd: process.execPath, base: [tscli], v2Names: true },
  { key: "v2", name: "Docker Compose 2.40", project: "bench-v2", cmd: "docker", base: ["compose"], v2Names: true },
  { key: "v1", name: "docker-compose v1", project: "benchv1", cmd: "docker-compose", base: [], v2Names: false },
  { key: "floor", name: "raw-engine floor", project: "bench-floor", cmd: process.execPath, base: [path.join(root, "bench/engine-floor.mjs")], v2Names: true },
];
const contenders = CONTENDERS.filter((c) => opts.contenders.includes(c.key));
const fixtureFile = (f) => path.join(root, "bench/fixtures", `${f}.yaml`);
const work = mkdtempSync(path.join(os.tmpdir(), "tsc-bench-engine-"));
const hasTime = existsSync(TIME_BIN);
let current; // the running child, killed on Ctrl-C
let rssCounter = 0;

const log = (msg) => process.stderr.write(`[engine bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ""); // eslint-disable-line no-control-regex

/** The last meaningful stderr line of a failed command, short enough for a table cell. */
function reason(stderr, code) {
  const lines = stripAnsi(stderr)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|not implemented|unknown|cannot|failed/i.test(l)) ?? lines.at(-1) ?? `exit ${code}`;
  return line.replaceAll("|", "/").slice(0, 160);
}

/** Runs one command in its own process group; resolves `{ok, ms, rssKb, reason}` (never rejects). */
function runTimed(cmd, args, withRss) {
  return new Promise((resolve) => {
    const rssFile = withRss && hasTime ? path.join(work, `rss-${rssCounter++}`) : undefined;
    const [bin, argv] = rssFile ? [TIME_BIN, ["-o", rssFile, "-f", "%M", cmd, ...args]] : [cmd, args];
    const t0 = performance.now();
    let ms;
    let stderr = "";
    const child = spawn(bin, argv, { cwd: root, stdio: ["ignore", "ignore", "pipe"], detached: true });
    current = child;
    const timer = setTimeout(() => killGroup(child), TIMEOUT_MS);
    child.stderr.on("data", (d) => {
      if (stderr.length < 65536) stderr += d;
    });
    child.on("exit", () => (ms = performance.now() - t0));
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: e.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const rssKb = rssFile && existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1)) : undefined;
      if (code === 0) resolve({ ok: true, ms: ms ?? performance.now() - t0, rssKb });
      else resolve({ ok: false, reason: signal ? `killed by ${signal} after ${TIMEOUT_MS / 1000} s` : reason(stderr, code) });
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

const verbArgs = (c, fixture, verb) => [...c.base, "-p", c.project, "-f", fixtureFile(fixture), ...(verb === "up" ? ["up", "-d"] : ["down", "-v"])];

/** Runs `up -d` or `down -v`; throws the failure's reason so the caller can mark the contender. */
async function verb(c, fixture, name, withRss = false) {
  const r = await runTimed(c.cmd, verbArgs(c, fixture, name), withRss);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return r;
}

/** Checks that `up -d` left every service of the fixture running (under Compose v2 names where due). */
async function verifyUp(c, fixture) {
  const model = loadModel(fixtureFile(fixture), c.project);
  const running = (await projectContainers(c.project)).filter((x) => x.State === "running");
  for (const svc of model.services) {
    const found = running.find((x) => x.Labels[SERVICE_LABEL] === svc.name);
    if (!found) throw new Error(`up -d exited 0 but service ${svc.name} is not running`);
    if (c.v2Names && found.Names[0] !== `/${svc.containerName}`) throw new Error(`service ${svc.name} runs as ${found.Names[0].slice(1)}, not ${svc.containerName}`);
  }
  if (running.length !== model.services.length) throw new Error(`up -d left ${running.length} containers running for ${model.services.length} services`);
}

/**
 * Milliseconds from db's `health_status: healthy` to app's start, from the engine's event times:
 * `startMs` to app's `start` event (sent when the engine has finished starting it, ~0.3 s after
 * the request), `beganMs` to app's first network `connect` (sent a few ms into the start request,
 * the closest event to the moment the tool asked for the start). Undefined until both are seen.
 */
function gateDelay(project, events) {
  const action = (e) => e.Action ?? e.status;
  const ours = events.filter((e) => e.Type === "container" && e.Actor?.Attributes?.[PROJECT_LABEL] === project);
  const healthy = ours.find((e) => e.Actor.Attributes[SERVICE_LABEL] === "db" && action(e) === "health_status: healthy");
  const start = ours.find((e) => e.Actor.Attributes[SERVICE_LABEL] === "app" && action(e) === "start");
  if (!healthy || !start) return undefined;
  const began = events.find((e) => e.Type === "network" && action(e) === "connect" && e.Actor?.Attributes?.container === start.id);
  if (!began) return undefined;
  return { startMs: (start.timeNano - healthy.timeNano) / 1e6, beganMs: (began.timeNano - healthy.timeNano) / 1e6 };
}

/** One cold `up -d` + `down -v` from nothing; cleans up by label before and after, even on failure. */
async function coldCycle(c, fixture) {
  await cleanupProject(c.project);
  const events = [];
  // Network events carry no project label, so this stream is filtered by kind only (see gateDelay).
  const stream = fixture === "small" ? await openEvents({ type: ["container", "network"], event: ["start", "health_status", "connect"] }, (e) => events.push(e)) : undefined;
  try {
    const up = await verb(c, fixture, "up", true);
    // The last events may still be in flight when the command exits.
    for (let t = 0; stream && gateDelay(c.project, events) === undefined && t < 2000; t += 20) await new Promise((res) => setTimeout(res, 20));
    stream?.close();
    await verifyUp(c, fixture);
    const down = await verb(c, fixture, "down");
    const leftovers = await cleanupProject(c.project);
    return { upMs: up.ms, downMs: down.ms, rssKb: up.rssKb, leftovers, gate: stream ? gateDelay(c.project, events) : undefined };
  } finally {
    stream?.close();
    await cleanupProject(c.project);
  }
}

/** `up -d` on an already converged `wide` (the first `up` is untimed). */
async function noopCycle(c) {
  await cleanupProject(c.project);
  try {
    await verb(c, "wide", "up");
    await verifyUp(c, "wide");
    const again = await verb(c, "wide", "up");
    await verifyUp(c, "wide");
    return { ms: again.ms };
  } finally {
    await cleanupProject(c.project);
  }
}

/** Runs `fn` unless the cell already failed; a failure marks the cell and is not retried. */
async function measure(cell, label, fn, keep) {
  if (cell.error) return;
  try {
    const run = await fn();
    if (keep) cell.runs.push(run);
    log(`${label}: ${run.upMs !== undefined ? `up ${run.upMs.toFixed(0)} ms, down ${run.downMs.toFixed(0)} ms` : `${run.ms.toFixed(0)} ms`}${run.gate ? `, healthy→start begun ${run.gate.beganMs.toFixed(0)} ms, →started ${run.gate.startMs.toFixed(0)} ms` : ""}`);
  } catch (e) {
    cell.error = e.message.replaceAll("|", "/");
    log(`${label}: not available: ${cell.error}`);
  }
}

const rotate = (xs, r) => xs.map((_, i) => xs[(((i + r) % xs.length) + xs.length) % xs.length]);

async function runAll() {
  const results = { cold: {}, noop: {} };
  for (const f of opts.fixtures) results.cold[f] = Object.fromEntries(contenders.map((c) => [c.key, { runs: [] }]));
  results.noop = Object.fromEntries(contenders.map((c) => [c.key, { runs: [] }]));
  for (let r = -opts.warmup; r < opts.rounds; r++) {
    const tag = r < 0 ? "warm-up" : `round ${r + 1}/${opts.rounds}`;
    for (const f of opts.fixtures) {
      for (const c of rotate(contenders, r)) await measure(results.cold[f][c.key], `${tag} ${f} ${c.key}`, () => coldCycle(c, f), r >= 0);
    }
    if (opts.fixtures.includes("wide")) {
      for (const c of rotate(contenders, r)) await measure(results.noop[c.key], `${tag} no-op ${c.key}`, () => noopCycle(c), r >= 0);
    }
  }
  return results;
}

function tryExec(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return undefined;
  }
}

async function environment() {
  const engine = await engineVersion();
  const info = (await api("GET", "/info")).body;
  const cpus = os.cpus();
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const commit = tryExec("git", ["rev-parse", "--short", "HEAD"]) ?? "unknown commit";
  const dirty = tryExec("git", ["status", "--porcelain", "--untracked-files=no"]) ? ", uncommitted changes" : "";
  return {
    date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
    machine: `${cpus[0]?.model ?? "unknown CPU"} (${cpus.length} cores), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${os.type()} ${os.release()}`,
    versions: [
      `tscompose ${pkg.version} (${commit}${dirty})`,
      `Node ${process.version}`,
      `Docker Engine ${engine.Version} (API ${engine.ApiVersion}, ${info.Driver} storage)`,
      `docker-compose ${tryExec("docker-compose", ["version", "--short"]) ?? "not installed"}`,
    ].join(", "),
    rounds: opts.rounds,
    warmup: opts.warmup,
  };
}

process.on("SIGINT", () => {
  if (current) killGroup(current);
  log("interrupted; cleaning up");
  Promise.all(contenders.map((c) => cleanupProject(c.project).catch(() => 0))).finally(() => {
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
});

try {
  if (contenders.some((c) => c.key === "tscompose") && !existsSync(tscli)) log(`${tscli} is missing (run \`npm run build\`); tscompose will be reported not available`);
  const meta = await environment();
  await Promise.all(contenders.map((c) => cleanupProject(c.project)));
  const results = await runAll();
  const report = renderReport(meta, results, contenders, opts.fixtures);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, report);
  console.log(report);
} finally {
  await Promise.all(contenders.map((c) => cleanupProject(c.project).catch(() => 0)));
  rmSync(work, { recursive: true, force: true });
  closeApi();
}
