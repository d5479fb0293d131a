// Benchmarks for the spec pipeline (issue 2): start-up of --version/--help against `node -e 0`,
// and `config` on a generated 200-service file against Debian's docker-compose (v1).
// Usage: npm run build && node bench/spec.mjs [rounds]   (writes bench/results/spec.md)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { alternate, median, table, timeOnce } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist/cli/bin/tscompose.js");
const rounds = Number(process.argv[2] ?? 21);

/** A 200-service project: images, ports, env, volumes, healthchecks, depends_on chains, networks. */
function generate(n) {
  const lines = ["services:"];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: \${REGISTRY:-docker.io}/team/svc${i}:\${TAG:-1.0}`,
      `    command: ["sh", "-c", "echo svc${i}; sleep 3600"]`,
      `    environment:`,
      `      SERVICE_NAME: svc${i}`,
      `      LOG_LEVEL: \${LOG_LEVEL:-info}`,
      `    ports: ["${10000 + i}:80"]`,
      `    volumes: ["data${i % 20}:/data", "./src${i % 5}:/src:ro"]`,
      `    networks: [net${i % 4}]`,
      `    healthcheck: {test: ["CMD", "true"], interval: 5s, timeout: 2s, retries: 3}`,
      `    labels: {com.example.index: "${i}"}`,
    );
    if (i > 0 && i % 10 !== 0) lines.push(`    depends_on: [svc${i - 1}]`);
  }
  lines.push("networks:", ...[0, 1, 2, 3].map((i) => `  net${i}: {}`));
  lines.push("volumes:", ...Array.from({ length: 20 }, (_, i) => `  data${i}: {}`));
  return lines.join("\n") + "\n";
}

const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-bench-spec-"));
writeFileSync(path.join(dir, "docker-compose.yml"), `version: "3.8"\n${generate(200)}`);
const inDir = { cwd: dir };

const startup = alternate(
  [
    { name: "node -e 0", run: () => timeOnce(process.execPath, ["-e", "0"]) },
    { name: "tscompose --version", run: () => timeOnce(process.execPath, [cli, "--version"]) },
    { name: "tscompose --help", run: () => timeOnce(process.execPath, [cli, "--help"]) },
  ],
  rounds,
);
const hasV1 = (() => {
  try {
    execFileSync("docker-compose", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const config = alternate(
  [
    { name: "tscompose config", run: () => timeOnce(process.execPath, [cli, "config"], inDir) },
    ...(hasV1 ? [{ name: "docker-compose config (v1)", run: () => timeOnce("docker-compose", ["config"], inDir) }] : []),
  ],
  rounds,
);

const v1 = hasV1 ? execFileSync("docker-compose", ["version", "--short"]).toString().trim() : "not installed";
const report = `# Spec pipeline benchmarks

Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version},
docker-compose ${v1}; ${rounds} alternating rounds after one warm-up; wall time of the whole process.

## Start-up (target: within 1.5× of \`node -e 0\`)

${table(startup, "node -e 0")}

## \`config\` on a generated 200-service file (target: under 300 ms median)

${table(config, "tscompose config")}

tscompose median: ${median(config["tscompose config"]).toFixed(1)} ms.
`;
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/spec.md"), report);
console.log(report);
