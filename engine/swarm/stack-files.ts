import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Project, SecretConfig } from "../../spec/project.js";
import type { SecretSpec } from "./api-types.js";
import { stackResourceName } from "./convert-context.js";
import { withNamespace } from "./stack-labels.js";
import type { StackProblems } from "./stack-problems.js";
import type { StackObject } from "./stack-types.js";

/**
 * Where secret and config contents come from: the files named by `file:` and the project's
 * environment (the shell over `.env`, as interpolation saw it) for `environment:`. Injected so the
 * conversion stays a pure function in tests.
 */
export interface StackSources {
  readFile(path: string): Uint8Array;
  lookupEnv(name: string): string | undefined;
}

/** Sources over the real file system and the given environment lookup (none: every variable is unset). */
export function nodeStackSources(lookupEnv: (name: string) => string | undefined = () => undefined): StackSources {
  return { readFile: (path) => readFileSync(path), lookupEnv };
}

// swarmkit's limits: MaxSecretSize and MaxConfigSize (data must be non-empty and below them).
const MAX_BYTES = { secret: 500 * 1024, config: 1000 * 1024 } as const;
// swarmkit's rule for secret and config names.
const VALID_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
const MAX_NAME = 64;

type Kind = "secret" | "config";

/** The first 10 hex digits of the sha256 of `data`: the suffix that makes a changed content a new object. */
export function contentHash(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex").slice(0, 10);
}

/**
 * The stack's secrets or configs among `keys` (the ones its services use), sorted by key. A
 * non-external one is named `<stack>_<key>_<hash>` (or `<name>_<hash>` for a `name:` written in
 * the file): Swarm lets a secret's or config's data never change, so a new content is a new object
 * and a redeploy moves the services over to it. Contents come from `sources`; a file that cannot be
 * read, an unset variable, empty or oversized data and an invalid name are errors.
 */
export function stackObjects(project: Project, stack: string, kind: Kind, keys: Iterable<string>, sources: StackSources, problems: StackProblems): StackObject<SecretSpec>[] {
  const definitions = kind === "secret" ? project.secrets : project.configs;
  const out: StackObject<SecretSpec>[] = [];
  for (const key of [...new Set(keys)].sort()) {
    const def = definitions[key];
    if (!def) {
      problems.error(undefined, `${kind}s.${key}`, `the ${kind} "${key}" is used but not defined`);
      continue;
    }
    const base = stackResourceName(project, stack, key, def);
    if (def.external === true) {
      out.push({ key, name: base, external: true });
      continue;
    }
    const object = createdObject(kind, key, base, def, stack, sources, problems);
    if (object) out.push(object);
  }
  return out;
}

function createdObject(kind: Kind, key: string, base: string, def: SecretConfig, stack: string, sources: StackSources, problems: StackProblems): StackObject<SecretSpec> | undefined {
  const attribute = `${kind}s.${key}`;
  const labels = withNamespace(stack, def.labels);
  const templating = def.template_driver ? { Templating: { Name: def.template_driver } } : {};
  if (kind === "secret" && def.driver) {
    // A secret driver plugin supplies the value: the engine wants no data, and nothing to hash.
    const Driver = { Name: def.driver, ...(def.driver_opts ? { Options: { ...def.driver_opts } } : {}) };
    return { key, name: base, external: false, spec: { Name: base, Labels: labels, Data: "", Driver, ...templating } };
  }
  const data = content(kind, key, def, sources, problems);
  if (data === undefined) return undefined;
  if (data.length === 0 || data.length >= MAX_BYTES[kind]) {
    const why = data.length === 0 ? "it is empty" : `it has ${data.length} bytes, and Swarm takes less than ${MAX_BYTES[kind]}`;
    problems.error(undefined, attribute, `Swarm cannot store the ${kind} "${key}": ${why}`);
    return undefined;
  }
  const name = `${base}_${contentHash(data)}`;
  if (name.length > MAX_NAME || !VALID_NAME.test(name)) {
    problems.error(undefined, attribute, `the ${kind} name "${name}" is not valid in Swarm (at most ${MAX_NAME} letters, digits, "-", "_" or ".", starting and ending with a letter or digit)`);
    return undefined;
  }
  return { key, name, external: false, spec: { Name: name, Labels: labels, Data: Buffer.from(data).toString("base64"), ...templating } };
}

function content(kind: Kind, key: string, def: SecretConfig, sources: StackSources, problems: StackProblems): Uint8Array | undefined {
  const attribute = `${kind}s.${key}`;
  if (def.file !== undefined) {
    const file = def.file;
    return problems.attempt(undefined, `${attribute}.file`, () => {
      try {
        return sources.readFile(file);
      } catch (error) {
        const why = (error as { code?: unknown }).code === "ENOENT" ? "it does not exist" : error instanceof Error ? error.message : String(error);
        throw new Error(`cannot read the ${kind} file ${file}: ${why}`, { cause: error });
      }
    });
  }
  if (def.environment !== undefined) {
    const value = sources.lookupEnv(def.environment);
    if (value === undefined) {
      problems.error(undefined, `${attribute}.environment`, `the ${kind} "${key}" reads the environment variable ${def.environment}, which is not set`);
      return undefined;
    }
    return Buffer.from(value, "utf8");
  }
  if (def.content !== undefined) return Buffer.from(def.content, "utf8");
  problems.error(undefined, attribute, `the ${kind} "${key}" has no file, environment or content`);
  return undefined;
}
