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
import { cleanupProjects, createWith, setUpExternals, tearDownExternals } from "./create.js";
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

/** Keeps only the services that have a container label (a service scaled to 0 has none). */
function labelled(hashes: ReadonlyMap<string, string> | undefined, labels: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const service of labels.keys()) out.set(service, hashes?.get(service) ?? "(none)");
  return out;
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
    const details = [
      ...compareHashes(composeOutcome.hashLabels, labelled(pending.ourHashes, composeOutcome.hashLabels), "Compose's label vs our config --hash:"),
      ...compareHashes(labelled(pending.composeHashes, ourOutcome.hashLabels), ourOutcome.hashLabels, "Compose's config --hash vs our label:"),
    ];
    checks.c = { agree: details.length === 0, details };
    return { ...result, checks, corpusErrors };
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
