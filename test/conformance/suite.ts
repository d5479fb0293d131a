import type { Case } from "./corpus.js";
import {
  compareConfig,
  compareHashes,
  compareRejection,
  parseHashes,
  runOnCase,
  type CaseResult,
  type Check,
  type CheckResult,
} from "./checks.js";
import { cleanupProjects, createWith, setUpExternals, tearDownExternals, type CreateOutcome } from "./create.js";
import { composeHashWithContainers, servicesWithContainerRefs } from "./resolved-hash.js";
import { declaredAddresses } from "./normalize.js";
import { diff, formatDifferences } from "./diff.js";
import { mapLimit } from "./tools.js";

/** How many cases run their config and hash commands at once (2 cores: both tools are CPU-bound). */
const CONFIG_CONCURRENCY = 3;
/** How many cases run their create comparison at once; within a case the two tools run in turn. */
const CREATE_CONCURRENCY = 2;

/** What phase one measured on a valid case and phase two still needs. */
interface Pending {
  readonly result: CaseResult;
  readonly model?: unknown;
  /** `config --hash '*'` of each tool (check c, against the other tool's container labels). */
  readonly composeHashes?: Map<string, string>;
  readonly ourHashes?: Map<string, string>;
}

function wantsCreate(c: Case): boolean {
  return c.options.create !== false;
}

async function configPhase(c: Case): Promise<Pending> {
  const checks: Partial<Record<Check, CheckResult>> = {};
  const corpusErrors: string[] = [];
  const notes: string[] = [];
  if (c.kind === "invalid") {
    const [compose, ours] = await Promise.all([
      runOnCase("compose", c, c.project, ["config", "--format", "json"]),
      runOnCase("tscompose", c, c.project, ["config", "--format", "json"]),
    ]);
    const rejection = compareRejection(c, compose, ours);
    checks.d = rejection.result;
    return { result: { case: c, checks, corpusErrors: rejection.corpusErrors, hasLocation: rejection.hasLocation, notes } };
  }
  const [compose, ours] = await Promise.all([
    runOnCase("compose", c, c.project, ["config", "--format", "json"]),
    runOnCase("tscompose", c, c.project, ["config", "--format", "json"]),
  ]);
  if (compose.code !== 0) {
    // Compose may accept a file and still fail to print it as JSON (build.ssh, a known bug): only a
    // file that `config -q` refuses too is a corpus error.
    const quiet = await runOnCase("compose", c, c.project, ["config", "-q"]);
    if (quiet.code !== 0) {
      corpusErrors.push(`Compose rejects this valid case (exit ${compose.code}): ${compose.stderr.trim().split("\n")[0]}`);
      return { result: { case: c, checks, corpusErrors, notes } };
    }
  }
  const config = compareConfig(compose, ours);
  checks["a-sorted"] = config.sorted;
  checks["a-bytes"] = config.bytes;
  const [composeHash, ourHash] = await Promise.all([
    runOnCase("compose", c, c.project, ["config", "--hash", "*"]),
    runOnCase("tscompose", c, c.project, ["config", "--hash", "*"]),
  ]);
  const composeHashes = parseHashes(composeHash.stdout);
  const ourHashes = parseHashes(ourHash.stdout);
  if (!wantsCreate(c)) {
    notes.push(`create skipped: ${c.options.reason ?? "(no reason given)"}`);
    const details = compareHashes(composeHashes, ourHashes, "config --hash");
    if (ourHash.code !== 0) details.unshift(`tscompose config --hash exited ${ourHash.code}: ${ourHash.stderr.trim().split("\n")[0]}`);
    checks.c = { agree: details.length === 0, details };
  }
  return { result: { case: c, checks, corpusErrors, notes }, model: config.model, composeHashes, ourHashes };
}

/**
 * Check c after create, service by service (a service without a container, scaled to 0, has no
 * label): Compose's label against our `config --hash`, and our label against Compose's label (not
 * against Compose's `config --hash`, which differs from its own label for env_file, label_file and
 * use_api_socket; such cases are noted). For a service that refers to another's container (network_mode: service:X…), Compose
 * hashes the resolved container id: our label must then equal Compose's hash of the model resolved
 * with *our* container ids, and the harness first proves it reproduces Compose's own label that way.
 */
async function compareLabels(pending: Pending, compose: CreateOutcome, ours: CreateOutcome): Promise<{ details: string[]; notes: string[] }> {
  const c = pending.result.case;
  const { namespaces, volumes } = servicesWithContainerRefs(pending.model);
  const details: string[] = [];
  const notes: string[] = [];
  const staticHashes = (service: string): void => {
    const a = pending.composeHashes?.get(service);
    const b = pending.ourHashes?.get(service);
    if (a !== b) details.push(`config --hash ${service}: compose ${a ?? "(none)"}, ours ${b ?? "(none)"}`);
  };
  for (const [service, label] of compose.hashLabels) {
    if (volumes.has(service)) {
      notes.push(`c: the labels of ${service} (volumes_from) are not compared, only config --hash: Compose hashes a resolved form that cannot be reproduced`);
      staticHashes(service);
    } else if (namespaces.has(service)) {
      const reproduced = await composeHashWithContainers(c, pending.model, service, compose.containerIds);
      if (reproduced !== label) details.push(`harness: cannot reproduce Compose's label of ${service} (${label}) from its model and container ids (${reproduced ?? "none"})`);
      staticHashes(service);
    } else {
      const b = pending.ourHashes?.get(service);
      if (label !== b) details.push(`Compose's label vs our config --hash: ${service}: compose ${label}, ours ${b ?? "(none)"}`);
      const own = pending.composeHashes?.get(service);
      if (own !== label) notes.push(`c: Compose's label of ${service} (${label}) is not its own config --hash (${own ?? "none"})`);
    }
  }
  for (const [service, label] of ours.hashLabels) {
    if (volumes.has(service)) continue;
    const resolved = namespaces.has(service);
    // Both tools create under the same project name: our label must be the one Compose wrote (with
    // our own container ids where Compose hashes them).
    const expected = resolved ? await composeHashWithContainers(c, pending.model, service, ours.containerIds) : compose.hashLabels.get(service);
    const what = resolved ? "Compose's hash with our container ids vs our label" : "Compose's label vs our label";
    if (expected !== label) details.push(`${what}: ${service}: compose ${expected ?? "(none)"}, ours ${label}`);
  }
  return { details, notes };
}

async function createPhase(pending: Pending): Promise<CaseResult> {
  const { result } = pending;
  const c = result.case;
  const declared = declaredAddresses(pending.model);
  await setUpExternals(c);
  try {
    // One project name for both tools, one after the other: network and volume hash labels, and
    // any service that mentions the project name, depend on it. Each run ends with a cleanup.
    const composeOutcome = await createWith("compose", c, c.project, declared);
    const ourOutcome = await createWith("tscompose", c, c.project, declared);
    const checks = { ...result.checks };
    const corpusErrors = [...result.corpusErrors];
    if (!composeOutcome.ok) {
      corpusErrors.push(`Compose cannot create this case; mark it "create": false with a reason: ${composeOutcome.error}`);
      return { ...result, checks, corpusErrors };
    }
    if (!ourOutcome.ok) {
      checks.b = { agree: false, details: [ourOutcome.error ?? "tscompose create failed"] };
    } else {
      const differences = diff(composeOutcome.comparable, ourOutcome.comparable, 10);
      checks.b = { agree: differences.length === 0, details: formatDifferences(differences) };
    }
    const { details, notes } = await compareLabels(pending, composeOutcome, ourOutcome);
    checks.c = { agree: details.length === 0, details };
    return { ...result, checks, corpusErrors, notes: [...result.notes, ...notes] };
  } finally {
    await tearDownExternals(c);
    await cleanupProjects([c.project]);
  }
}

/**
 * Runs every check on every case: config and hash commands for all cases first (a few at once),
 * then the create comparisons. Progress goes to `log`, one line per finished case.
 */
export async function runSuite(cases: readonly Case[], log: (line: string) => void = () => undefined): Promise<CaseResult[]> {
  // What an interrupted earlier run may have left behind.
  await cleanupProjects(cases.map((c) => c.project));
  for (const c of cases) if (c.options.setup) await tearDownExternals(c);
  const pending = await mapLimit(cases, CONFIG_CONCURRENCY, async (c) => {
    const p = await configPhase(c);
    if (c.kind === "invalid" || !wantsCreate(c) || p.result.corpusErrors.length > 0) log(`done ${c.id}`);
    return p;
  });
  return mapLimit(pending, CREATE_CONCURRENCY, async (p) => {
    const c = p.result.case;
    if (c.kind === "invalid" || !wantsCreate(c) || p.result.corpusErrors.length > 0) return p.result;
    const result = await createPhase(p);
    log(`done ${c.id} (create)`);
    return result;
  });
}
