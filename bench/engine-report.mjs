// Renders the engine benchmark's measurements (bench/engine.mjs) as the markdown of
// bench/results/engine.md: medians, spreads, ratios to the floor and to docker-compose v1, the
// targets of issue 3 with their status, and the reason for every contender that could not run.
import { median } from "./lib.mjs";

const fmt = (x, digits = 0) => (x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined ? "–" : `${(a / b).toFixed(2)}×`);

/** Median of `pick(run)` over a cell's runs, or undefined when the cell has none. */
export function cellMedian(cell, pick) {
  const xs = (cell?.runs ?? []).map(pick).filter((x) => typeof x === "number" && !Number.isNaN(x));
  return xs.length > 0 ? median(xs) : undefined;
}

function spread(cell, pick) {
  const xs = (cell?.runs ?? []).map(pick).filter((x) => typeof x === "number");
  return xs.length > 0 ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : "–";
}

function unavailable(cell) {
  return cell?.error ? `not available: ${cell.error}` : "not run";
}

function coldTable(cells, contenders) {
  const total = (r) => r.upMs + r.downMs;
  const floor = cellMedian(cells.floor, total);
  const v1 = cellMedian(cells.v1, total);
  const v2 = cellMedian(cells.v2, total);
  const rows = [
    "| contender | up + down median ms | min–max | up median | down median | ratio to floor | ratio to Compose 2.40 | ratio to v1 | runs |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const c of contenders) {
    const cell = cells[c.key];
    const m = cellMedian(cell, total);
    if (m === undefined) {
      rows.push(`| ${c.name} | ${unavailable(cell)} | | | | | | | 0 |`);
      continue;
    }
    const up = cellMedian(cell, (r) => r.upMs);
    const down = cellMedian(cell, (r) => r.downMs);
    rows.push(`| ${c.name} | ${fmt(m)} | ${spread(cell, total)} | ${fmt(up)} | ${fmt(down)} | ${ratio(m, floor)} | ${ratio(m, v2)} | ${ratio(m, v1)} | ${cell.runs.length}${cell.error ? ` (then failed: ${cell.error})` : ""} |`);
  }
  return rows.join("\n");
}

function simpleTable(cells, contenders, pick, unit) {
  const floor = cellMedian(cells.floor, pick);
  const v1 = cellMedian(cells.v1, pick);
  const v2 = cellMedian(cells.v2, pick);
  const rows = [`| contender | median ${unit} | min–max | ratio to floor | ratio to Compose 2.40 | ratio to v1 | runs |`, "|---|---|---|---|---|---|---|"];
  for (const c of contenders) {
    const cell = cells[c.key];
    const m = cellMedian(cell, pick);
    if (m === undefined) rows.push(`| ${c.name} | ${unavailable(cell)} | | | | | 0 |`);
    else rows.push(`| ${c.name} | ${fmt(m)} | ${spread(cell, pick)} | ${ratio(m, floor)} | ${ratio(m, v2)} | ${ratio(m, v1)} | ${cell.runs.length} |`);
  }
  return rows.join("\n");
}

const gates = (cell, key) => (cell?.runs ?? []).map((r) => r.gate?.[key]).filter((x) => typeof x === "number");
const gateMedian = (cell, key) => (gates(cell, key).length > 0 ? median(gates(cell, key)) : undefined);

function gateTable(cells, contenders) {
  const floor = gateMedian(cells.floor, "startMs");
  const rows = [
    "| contender | → start begun, median ms | min–max | → started, median ms | min–max | started: excess over floor | began before healthy | runs |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const range = (xs) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  for (const c of contenders) {
    const cell = cells[c.key];
    const began = gates(cell, "beganMs");
    const started = gates(cell, "startMs");
    if (started.length === 0) {
      rows.push(`| ${c.name} | ${unavailable(cell)} | | | | | | | 0 |`);
      continue;
    }
    const excess = floor === undefined ? "–" : `${fmt(median(started) - floor)} ms`;
    const early = began.filter((g) => g < 0).length;
    rows.push(`| ${c.name} | ${fmt(median(began))} | ${range(began)} | ${fmt(median(started))} | ${range(started)} | ${excess} | ${early} | ${started.length} |`);
  }
  return rows.join("\n");
}

function rssTable(results, contenders, fixtures) {
  const rows = [`| contender | ${fixtures.map((f) => `${f} (MB)`).join(" | ")} |`, `|---|${fixtures.map(() => "---|").join("")}`];
  for (const c of contenders) {
    const cols = fixtures.map((f) => fmt(cellMedian(results.cold[f]?.[c.key], (r) => r.rssKb / 1024), 1));
    rows.push(`| ${c.name} | ${cols.join(" | ")} |`);
  }
  return rows.join("\n");
}

/** The targets of issue 3 with their measured value and status, one row each. */
function targets(results, fixtures) {
  const rows = ["| target | measured | status |", "|---|---|---|"];
  const status = (value, ok) => (value === undefined ? "n/a" : ok ? "met" : "missed");
  const total = (r) => r.upMs + r.downMs;
  for (const f of fixtures) {
    const cells = results.cold[f] ?? {};
    const t = cellMedian(cells.tscompose, total);
    const fl = cellMedian(cells.floor, total);
    const v1 = cellMedian(cells.v1, total);
    const rf = t !== undefined && fl !== undefined ? t / fl : undefined;
    const rv = t !== undefined && v1 !== undefined ? t / v1 : undefined;
    rows.push(`| \`${f}\` cold up+down ≤ 1.15× floor | ${rf === undefined ? "–" : `${rf.toFixed(2)}×`} | ${status(rf, rf <= 1.15)} |`);
    rows.push(`| \`${f}\` cold up+down ≤ 0.85× docker-compose v1 | ${rv === undefined ? "–" : `${rv.toFixed(2)}×`} | ${status(rv, rv <= 0.85)} |`);
  }
  const noT = cellMedian(results.noop.tscompose, (r) => r.ms);
  const noV = cellMedian(results.noop.v1, (r) => r.ms);
  const rn = noT !== undefined && noV !== undefined ? noT / noV : undefined;
  rows.push(`| no-op \`up -d\` on \`wide\` ≤ ⅓ of v1 | ${rn === undefined ? "–" : `${fmt(noT)} ms = ${rn.toFixed(2)}×`} | ${status(rn, rn <= 1 / 3)} |`);
  const small = results.cold.small ?? {};
  const began = gateMedian(small.tscompose, "beganMs");
  const beganMax = began === undefined ? undefined : Math.max(...gates(small.tscompose, "beganMs"));
  rows.push(`| \`small\`: dependant's start begins ≤ 100 ms after healthy (median) | ${began === undefined ? "–" : `${fmt(began)} ms (max ${fmt(beganMax)})`} | ${status(began, began >= 0 && began <= 100)} |`);
  const started = gateMedian(small.tscompose, "startMs");
  const floorStarted = gateMedian(small.floor, "startMs");
  const excess = started !== undefined && floorStarted !== undefined ? started - floorStarted : undefined;
  rows.push(`| \`small\`: healthy → \`start\` event ≤ floor + 100 ms (median) | ${excess === undefined ? "–" : `${fmt(started)} ms vs ${fmt(floorStarted)} ms`} | ${status(excess, excess <= 100)} |`);
  const rss = cellMedian(results.cold.wide?.tscompose, (r) => r.rssKb / 1024);
  rows.push(`| peak RSS of \`up -d\` on \`wide\` < 150 MB | ${rss === undefined ? "–" : `${fmt(rss, 1)} MB`} | ${status(rss, rss < 150)} |`);
  return rows.join("\n");
}

/**
 * The whole report. `meta` holds the environment (date, machine, versions, rounds); `results`
 * holds `cold[fixture][contender]` and `noop[contender]` cells of `{runs, error?}`.
 */
export function renderReport(meta, results, contenders, fixtures) {
  const leftovers = contenders.flatMap((c) =>
    fixtures.flatMap((f) => (results.cold[f]?.[c.key]?.runs ?? []).filter((r) => r.leftovers > 0).map((r) => `${c.name}/${f}: ${r.leftovers}`)),
  );
  return `# Engine benchmarks

Measured ${meta.date} on ${meta.machine}.
Versions: ${meta.versions}.
${meta.rounds} alternating rounds after ${meta.warmup} warm-up round(s); the contender order rotates every round.
Every run starts from a project with nothing left (cleanup by \`com.docker.compose.project\` label, untimed)
and \`up -d\` is checked to leave every service running before \`down\` is timed.

Contenders: \`tscompose\` (\`node dist/cli/bin/tscompose.js -p bench-tsc -f FIXTURE up -d\`, then \`down -v\`),
Docker Compose 2.40 (\`docker compose -p bench-v2\`), Debian's \`docker-compose\` v1 (\`-p benchv1\`), and the raw-engine floor (\`bench/engine-floor.mjs\`: the same
Engine API calls over the unix socket with \`node:http\`, as parallel as the dependency graph allows, the same
names and labels as Compose v2). All three remove the named volume in \`down\` (\`-v\`) so they do the same work.
Wall time of the whole process; peak RSS from \`/usr/bin/time -f %M\`.

## Targets (issue 3)

${targets(results, fixtures)}

${fixtures.map((f) => `## Cold \`up -d\` + \`down\`: \`${f}\`\n\n${coldTable(results.cold[f] ?? {}, contenders)}`).join("\n\n")}

## No-op \`up -d\` on a converged \`wide\`

${simpleTable(results.noop, contenders, (r) => r.ms, "ms")}

## \`small\`: db \`health_status: healthy\` → app start (engine event times)

The engine sends \`start\` only once it has finished starting the container (about 0.3 s after the request
on this machine), so "→ started" includes that cost for every contender; "→ start begun" uses app's first
network \`connect\` event, sent a few ms into the start request: the closest event to the moment the tool
asked for the start. The floor's numbers are the cost of the engine alone.

${gateTable(results.cold.small ?? {}, contenders)}

## Peak RSS of \`up -d\` (median)

${rssTable(results, contenders, fixtures)}

${leftovers.length > 0 ? `## Objects left after \`down -v\` (removed by the cleanup)\n\n${leftovers.map((l) => `- ${l}`).join("\n")}\n` : "Nothing labelled with a project was left after any `down -v`.\n"}`;
}
