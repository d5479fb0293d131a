import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The corpus root: `valid/<category>/<case>/` and `invalid/<case>/`. */
export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");

/** A case's optional `case.json`: how to run it, and what to skip (with the reason). */
export interface CaseOptions {
  /** Global flags given to both tools before the verb (`-f a.yaml -f b.yaml`, `--profile x`, `--env-file f`). */
  readonly args?: readonly string[];
  /** Variables added to the clean environment of both tools. */
  readonly env?: Readonly<Record<string, string>>;
  /** false: the create comparison (b) is skipped; hashes then come from `config --hash` on both sides. */
  readonly create?: boolean;
  /** Why create is skipped, or (invalid cases) why the error has no line to point at. */
  readonly reason?: string;
  /** External objects the case names, created before and removed after its create comparison. */
  readonly setup?: { readonly networks?: readonly string[]; readonly volumes?: readonly string[] };
  /** Invalid cases: whether the error is tied to a line, so the message must carry file:line:col (default true). */
  readonly location?: boolean;
}

/** One corpus case. */
export interface Case {
  /** `valid/<category>/<case>` or `invalid/<case>`, unique. */
  readonly id: string;
  readonly kind: "valid" | "invalid";
  /** The table row: the folder under `valid/`, or `invalid`. */
  readonly category: string;
  readonly name: string;
  readonly dir: string;
  readonly options: CaseOptions;
  /** The project name both tools get, for `config` and (one tool after the other) for `create`. */
  readonly project: string;
}

/** Directory names directly under `dir`, sorted. */
function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => statSync(path.join(dir, entry)).isDirectory())
    .sort();
}

/** A project name Compose accepts: lowercase letters, digits, `-` and `_`, at most 50 characters. */
function projectName(category: string, name: string): string {
  const base = `cf-${category}-${name}`.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
  return base.length <= 50 ? base : base.slice(0, 50);
}

function readOptions(dir: string): CaseOptions {
  const file = path.join(dir, "case.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CaseOptions) : {};
}

/**
 * Every case of the corpus, valid ones first, in a stable order. `filter` (a regular expression,
 * from CONFORMANCE_CASES) keeps only the cases whose id matches.
 */
export function loadCorpus(filter?: string): Case[] {
  const cases: Case[] = [];
  for (const category of subdirs(path.join(CORPUS_DIR, "valid"))) {
    for (const name of subdirs(path.join(CORPUS_DIR, "valid", category))) {
      const dir = path.join(CORPUS_DIR, "valid", category, name);
      const project = projectName(category, name);
      cases.push({ id: `valid/${category}/${name}`, kind: "valid", category, name, dir, options: readOptions(dir), project });
    }
  }
  for (const name of subdirs(path.join(CORPUS_DIR, "invalid"))) {
    const dir = path.join(CORPUS_DIR, "invalid", name);
    const project = projectName("inv", name);
    cases.push({ id: `invalid/${name}`, kind: "invalid", category: "invalid", name, dir, options: readOptions(dir), project });
  }
  const re = filter ? new RegExp(filter) : undefined;
  return re ? cases.filter((c) => re.test(c.id)) : cases;
}
