/**
 * What the conformance corpus covers of the Compose specification: the keys its valid compose files
 * use, set against the properties that the project's schema (schema.json, the Compose spec's) defines.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { CORPUS_DIR } from "./corpus.js";

const SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "schema.json");

type JsonNode = { readonly [key: string]: unknown };

/** Keys a corpus uses: at the top level, directly on a service, and anywhere at all. */
export interface CorpusKeys {
  readonly topLevel: ReadonlySet<string>;
  readonly service: ReadonlySet<string>;
  readonly anywhere: ReadonlySet<string>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

function collectKeys(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, into);
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      into.add(key);
      collectKeys(child, into);
    }
  }
}

/** The keys of every YAML file under `corpus/valid` (custom tags such as `!reset` read as plain values). */
export function corpusKeys(root = path.join(CORPUS_DIR, "valid")): CorpusKeys {
  const topLevel = new Set<string>();
  const service = new Set<string>();
  const anywhere = new Set<string>();
  for (const file of yamlFiles(root)) {
    const doc: unknown = parse(readFileSync(file, "utf8"), { logLevel: "silent", customTags: [] });
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) continue;
    collectKeys(doc, anywhere);
    for (const key of Object.keys(doc)) topLevel.add(key);
    const services = (doc as JsonNode).services;
    if (!services || typeof services !== "object") continue;
    for (const definition of Object.values(services as JsonNode)) {
      if (definition && typeof definition === "object") for (const key of Object.keys(definition)) service.add(key);
    }
  }
  return { topLevel, service, anywhere };
}

/** Property names the schema defines: top-level, of a service, and of every nested object (with where). */
export interface SchemaProperties {
  readonly topLevel: readonly string[];
  readonly service: readonly string[];
  readonly nested: ReadonlyMap<string, string>;
}

function nestedProperties(node: unknown, where: string, into: Map<string, string>): void {
  if (!node || typeof node !== "object") return;
  const object = node as JsonNode;
  const properties = object.properties;
  if (properties && typeof properties === "object") {
    for (const key of Object.keys(properties)) if (!into.has(key)) into.set(key, where);
  }
  for (const [key, child] of Object.entries(object)) {
    if (child && typeof child === "object") nestedProperties(child, key === "properties" || key === "definitions" ? where : `${where}/${key}`, into);
  }
}

export function schemaProperties(file = SCHEMA): SchemaProperties {
  const schema = JSON.parse(readFileSync(file, "utf8")) as JsonNode;
  const definitions = schema.definitions as Record<string, JsonNode>;
  const nested = new Map<string, string>();
  nestedProperties(schema, "#", nested);
  return {
    topLevel: Object.keys(schema.properties as JsonNode),
    service: Object.keys(definitions.service!.properties as JsonNode),
    nested,
  };
}
