import type { TreePath } from "../location.js";
import { suggest } from "./suggest.js";
import type { Finding, SchemaError } from "./validate-collapse.js";
import {
  describeSchema,
  describeValue,
  enumPhrase,
  joinAlternatives,
  jsonType,
  preview,
} from "./validate-describe.js";
import type { SchemaNode } from "./validate-schema.js";

/** A schema problem in plain English, ready for `Diagnostics.error`. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The offending node (reported as the error's path). */
  readonly path: TreePath;
  /** The node whose position is reported, and whether its key (not its value) is meant. */
  readonly at: TreePath;
  readonly atKey: boolean;
  /** For a missing required key: its name. */
  readonly missing?: string;
  /** For an unknown key: the known key it is probably a typo of. */
  readonly meant?: string;
}

const NAME_KINDS: Record<string, string> = {
  services: "service",
  depends_on: "service",
  networks: "network",
  volumes: "volume",
  secrets: "secret",
  configs: "config",
  models: "model",
  ulimits: "ulimit",
};

/** Explains one finding of the collapse step. */
export function explain(f: Finding): Problem {
  if (f.kind === "form") {
    const phrases = describeSchema({ oneOf: f.branches });
    const data = f.error.data;
    const message = `must be ${joinAlternatives(phrases)}, found ${describeValue(data)}`;
    return problem(f.path, "E_SCHEMA_TYPE", message, sectionListHint(f.path, data) ?? listHint(phrases, data));
  }
  if (f.kind === "someRequired") {
    const keys = f.keys.map((k) => `"${k}"`);
    return { ...problem(f.path, "E_SCHEMA_REQUIRED", `missing one of the keys ${joinAlternatives(keys)}`), atKey: true };
  }
  const e = f.error;
  switch (e.keyword) {
    case "type":
      return typeProblem(f.path, e);
    case "additionalProperties":
      return unknownKey(f.path, e);
    case "required":
      return missingKey(f.path, e);
    case "enum":
      return oneOfValues(f.path, e, (e.params as { allowedValues: unknown[] }).allowedValues);
    case "pattern":
      return patternProblem(f.path, e);
    case "uniqueItems":
      return duplicate(f.path, e);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return range(f.path, e);
    case "oneOf":
      return problem(f.path, "E_SCHEMA_AMBIGUOUS", "matches more than one of the allowed forms");
    default:
      return problem(f.path, "E_SCHEMA_INVALID", e.message ?? "is not valid");
  }
}

function problem(path: TreePath, code: string, message: string, hint?: string): Problem {
  return { code, message, path, at: path, atKey: false, ...(hint === undefined ? {} : { hint }) };
}

function typeProblem(path: TreePath, e: SchemaError): Problem {
  const [section, name] = path;
  if (path.length === 2 && section === "services" && e.data === null) {
    return {
      ...problem(path, "E_SCHEMA_EMPTY_SERVICE", `service "${String(name)}" is empty`),
      hint: `Give it at least an "image" or a "build", or remove it.`,
      atKey: true,
    };
  }
  const phrases = describeSchema(e.parentSchema ?? {});
  const message = `must be ${joinAlternatives(phrases)}, found ${describeValue(e.data)}`;
  if (path.length === 2 && section === "services" && typeof e.data === "string") {
    return problem(path, "E_SCHEMA_TYPE", message, `A service is a mapping of attributes; did you mean "image: ${e.data}"?`);
  }
  // Only worth saying when text is all that is accepted (a number is fine where numbers are).
  const wantsString = phrases.some((p) => p.startsWith("a string") || p.startsWith("one of"));
  const acceptsScalar = phrases.some((p) => /^(an integer|a number|true or false)/.test(p));
  const scalar = typeof e.data === "number" || typeof e.data === "boolean";
  const hint = wantsString && scalar && !acceptsScalar ? `Quote the value ("${String(e.data)}") to write it as text.` : undefined;
  return problem(path, "E_SCHEMA_TYPE", message, hint ?? sectionListHint(path, e.data) ?? listHint(phrases, e.data));
}

const SECTION_EXAMPLES: Record<string, { name: string; example: (name: string) => string }> = {
  services: { name: "web", example: (n) => `"${n}:" with its attributes indented below` },
  networks: { name: "front", example: (n) => `"${n}: {}"` },
  volumes: { name: "data", example: (n) => `"${n}: {}"` },
  secrets: { name: "api_key", example: (n) => `"${n}: {file: ./${n}.txt}"` },
  configs: { name: "app_config", example: (n) => `"${n}: {file: ./${n}.conf}"` },
  models: { name: "llm", example: (n) => `"${n}: {model: ai/smollm2}"` },
};

/**
 * A top-level section written as a list of names (the service-level short syntax, copied to the
 * wrong place): show the mapping form, named after the first entry when it has a usable name.
 */
function sectionListHint(path: TreePath, data: unknown): string | undefined {
  const section = path.length === 1 ? path[0] : undefined;
  const form = typeof section === "string" ? SECTION_EXAMPLES[section] : undefined;
  if (!form || !Array.isArray(data) || typeof section !== "string") return undefined;
  const first: unknown = data[0];
  const fromMap = first !== null && typeof first === "object" && !Array.isArray(first) ? Object.keys(first)[0] : undefined;
  const candidate = typeof first === "string" ? first : fromMap;
  const name = candidate && /^[a-zA-Z0-9._-]+$/.test(candidate) ? candidate : form.name;
  return `Write each ${NAME_KINDS[section] ?? "entry"} as a mapping key, e.g. ${form.example(name)}.`;
}

/** For a lone scalar where a list is expected: show it written as a one-entry list. */
function listHint(phrases: readonly string[], data: unknown): string | undefined {
  const lists = phrases.filter((p) => p.startsWith("a list"));
  const fits = typeof data === "string" || (typeof data === "number" && lists.some((p) => p !== "a list of strings"));
  if (!fits) return undefined;
  return `Write a single entry as a list: [${preview(data)}].`;
}

function unknownKey(path: TreePath, e: SchemaError): Problem {
  const key = String((e.params as { additionalProperty: unknown }).additionalProperty);
  const schema = e.parentSchema ?? {};
  const props = schema["properties"] as SchemaNode | undefined;
  const at = [...path, key];
  if (!props) return invalidName(path, key, schema);
  const allowed = Object.keys(props);
  const extensible = hasExtensionPattern(schema);
  const later = path.length === 2 && path[0] === "services" ? NOT_IN_2_40[key] : undefined;
  const guess = later ? undefined : suggest(key, allowed);
  const list = `${allowed.join(", ")}${extensible ? `, or an "x-" extension` : ""}`;
  let hint: string;
  if (path.length === 0) {
    hint = `${guess ? `Did you mean "${guess}"? ` : ""}The top level allows: ${list}.`;
  } else if (later) {
    hint = later;
  } else if (guess) {
    hint = `did you mean "${guess}"?`;
  } else if (allowed.length <= 12) {
    hint = `Allowed keys here: ${list}.`;
  } else {
    hint = extensible ? `Remove it, or rename it "x-${key}" to keep it as an extension.` : "Remove it.";
  }
  return {
    code: "E_SCHEMA_UNKNOWN_KEY",
    message: `unknown key "${key}"`,
    hint,
    path: at,
    at,
    atKey: true,
    ...(guess ? { meant: guess } : {}),
  };
}

/**
 * Service attributes of newer Compose specifications that Docker Compose 2.40 rejects ("additional
 * properties … not allowed"): tscompose follows 2.40, with a hint saying why the key is refused.
 */
const NOT_IN_2_40: Readonly<Record<string, string>> = {
  pre_start:
    "pre_start is not part of the Compose specification that Docker Compose 2.40 implements, which rejects it too. " +
    "Run the step as its own service and make this one depend on it with `condition: service_completed_successfully`.",
};

function invalidName(path: TreePath, key: string, schema: SchemaNode): Problem {
  const last = path[path.length - 1];
  const kind = typeof last === "string" ? NAME_KINDS[last] : undefined;
  const patterns = Object.keys((schema["patternProperties"] as SchemaNode | undefined) ?? {}).filter((p) => p !== "^x-");
  const at = [...path, key];
  const message = kind ? `invalid ${kind} name "${key}"` : `invalid key "${key}"`;
  const hint =
    kind === "ulimit"
      ? "Ulimit names are lowercase letters, e.g. nofile or nproc."
      : patterns[0] === "^[a-zA-Z0-9._-]+$"
        ? "Names may contain only letters, digits, '.', '_' and '-'."
        : patterns.length > 0
          ? `Keys here must match ${patterns.join(" or ")}.`
          : undefined;
  return { code: "E_SCHEMA_INVALID_NAME", message, path: at, at, atKey: true, ...(hint ? { hint } : {}) };
}

function hasExtensionPattern(schema: SchemaNode): boolean {
  const pp = schema["patternProperties"];
  return pp !== null && typeof pp === "object" && Object.hasOwn(pp, "^x-");
}

function missingKey(path: TreePath, e: SchemaError): Problem {
  const key = String((e.params as { missingProperty: unknown }).missingProperty);
  const props = (e.parentSchema?.["properties"] ?? {}) as Record<string, SchemaNode | undefined>;
  const values = props[key]?.["enum"];
  const hint = Array.isArray(values) ? `Add "${key}:" with ${enumPhrase(values)}.` : undefined;
  return { ...problem(path, "E_SCHEMA_REQUIRED", `missing required key "${key}"`, hint), atKey: true, missing: key };
}

function oneOfValues(path: TreePath, e: SchemaError, values: readonly unknown[]): Problem {
  const message = `must be ${enumPhrase(values)}`;
  const words = values.filter((v): v is string => typeof v === "string");
  const [index, test, healthcheck] = [...path].reverse();
  if (index === 0 && test === "test" && healthcheck === "healthcheck" && !suggest(String(e.data), words)) {
    const hint = `Start the list with "CMD" (run directly) or "CMD-SHELL" (run by a shell), e.g. ["CMD", ${preview(e.data)}, ...].`;
    return problem(path, "E_SCHEMA_ENUM", message, hint);
  }
  return choice(path, "E_SCHEMA_ENUM", message, e.data, words);
}

/**
 * A value outside a listed set: suggest the intended word when one is near; otherwise the
 * message, which already lists every allowed value, says what was found, and no hint is needed.
 */
function choice(path: TreePath, code: string, message: string, data: unknown, words: readonly string[]): Problem {
  const guess = typeof data === "string" ? (suggest(data, words) ?? affixOf(data, words)) : undefined;
  if (guess) return problem(path, code, message, `did you mean "${guess}"?`);
  return problem(path, code, `${message}, found ${preview(data)}`);
}

/** The one allowed word that starts or ends with `value` (`healthy` → `service_healthy`), if exactly one does. */
function affixOf(value: string, words: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  if (v.length < 3) return undefined;
  const hits = words.filter((w) => {
    const lw = w.toLowerCase();
    return /[a-z0-9]$/.test(lw) && (lw.startsWith(v) || lw.endsWith(v));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function patternProblem(path: TreePath, e: SchemaError): Problem {
  const schema = e.parentSchema ?? {};
  const expected = schema["x-expected"];
  if (typeof expected !== "string") {
    const pattern = String((e.params as { pattern: unknown }).pattern);
    return problem(path, "E_SCHEMA_PATTERN", `must match ${pattern}, found ${preview(e.data)}`);
  }
  if (!expected.startsWith("one of: ")) {
    return problem(path, "E_SCHEMA_PATTERN", `must be ${expected}, found ${preview(e.data)}`);
  }
  // "one of: a, b, c:<n>" lists words a typo can be matched against.
  const words = expected
    .slice("one of: ".length)
    .split(", ")
    .map((w) => w.split(/[\s:<(]/)[0] ?? "")
    .filter((w) => w !== "");
  return choice(path, "E_SCHEMA_PATTERN", `must be ${expected}`, e.data, words);
}

function duplicate(path: TreePath, e: SchemaError): Problem {
  const { i, j } = e.params as { i: number; j: number };
  const list = Array.isArray(e.data) ? e.data : [];
  const first = Math.min(i, j);
  const second = Math.max(i, j);
  const hint = `Entries [${first}] and [${second}] are the same (${preview(list[second])}); remove one.`;
  return { ...problem(path, "E_SCHEMA_DUPLICATE", "duplicate entries in a list of unique items", hint), at: [...path, second] };
}

function range(path: TreePath, e: SchemaError): Problem {
  const { comparison, limit } = e.params as { comparison: string; limit: number };
  const words: Record<string, string> = { ">=": "at least", "<=": "at most", ">": "more than", "<": "less than" };
  const bound = `${words[comparison] ?? comparison} ${limit}`;
  const found = jsonType(e.data) === "string" ? preview(e.data) : String(e.data);
  return problem(path, "E_SCHEMA_RANGE", `must be ${bound}, found ${found}`);
}
