import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import type { SourceMap } from "../location.js";
import { parseDetailed } from "./parse-detailed.js";
import { parseFast } from "./parse-fast.js";

const DOCS: Record<string, string> = {
  nested: "services:\n  web:   # comment\n    image: x\n    ports:\n      - \"80:80\"\n      - target: 1\n        published: 2\n",
  tags: "services:\n  a:\n    command: !reset\n    entrypoint: !override [a]\n    labels: !reset {a: 1}\n    ports: !reset []\n",
  blocks: "x: |\n  multi\n  line\ny: >-\n  folded\nz:\n- a\n- b\n",
  flow: "services: {web: {image: 'a', ports: [\"1:1\", {target: 2}]}, db: {}}\n",
  quotedKeys: "services:\n  \"web\":\n    labels:\n      'com.example.x': \"1\"\n      \"a b\": 2\n",
  anchors:
    "x-base: &base\n  image: busybox\n  environment: &env\n    A: 1\nservices:\n  a:\n    <<: *base\n    restart: 'no'\n  b:\n    environment: *env\n  c:\n    <<: [*base]\n    image: own\n",
  emptyValues: "services:\n  a:\n    image:\n    command: []\n    environment: {}\n  b:\n",
  comments: "# top\nservices:\n\n  # before\n  a:\n\n    # inside\n    image: x # trailing\n",
  scalars: "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: '1'\ng: 0o17\nh: 0x1f\ni: -3\nj: .inf\n",
  numericKeys: "services:\n  a:\n    sysctls:\n      80: x\n    ulimits:\n      nofile: 1024\n",
  octals: "a: 0440\nb: 01777\nc: '0440'\nd: 08\ne: -010\nf: 0\ng: 0o17\nh: 00\n0644: key\n",
};

function positions(map: SourceMap) {
  return map
    .paths()
    .map((p) => `${JSON.stringify(p)} ${JSON.stringify(map.locate(p))} ${JSON.stringify(map.locateKey(p))}`)
    .sort();
}

function compare(text: string) {
  const fast = parseFast(text, "f.yaml");
  const detailed = parseDetailed(text, "f.yaml", new Diagnostics());
  expect(fast).toBeDefined();
  expect(fast?.data).toEqual(detailed?.data);
  expect([...(fast?.tags ?? [])].sort()).toEqual([...(detailed?.tags ?? [])].sort());
  expect(positions(fast!.sources)).toEqual(positions(detailed!.sources));
}

describe("parseFast agrees with parseDetailed", () => {
  it.each(Object.entries(DOCS))("%s", (_name, text) => compare(text));

  // Every compose file of the realistic projects and of the conformance corpus (invalid ones too:
  // both parsers must agree on what they make of them, errors included).
  const root = path.resolve(import.meta.dirname, "../../test");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && !name.startsWith("expected")) files.push(p);
    }
  };
  walk(path.join(root, "projects"));
  walk(path.join(root, "conformance", "corpus"));

  it("finds the corpora", () => {
    expect(files.length).toBeGreaterThan(200);
  });
  it.each(files.map((f) => [path.relative(root, f), f]))("corpus %s", (_rel, file) => {
    const text = readFileSync(file, "utf8");
    // The fast parser steps aside (undefined) only for text with a YAML problem or not a mapping,
    // which the detailed parser then reports.
    if (parseFast(text, "f.yaml") === undefined) {
      const diag = new Diagnostics();
      const detailed = parseDetailed(text, "f.yaml", diag);
      expect(diag.errors.length > 0 || !detailed || typeof detailed.data !== "object", `${file}: the fast parser gave up on a file the detailed one reads without error`).toBe(true);
      return;
    }
    compare(text);
  });
});

describe("parseFast", () => {
  it("reads a leading-zero integer as octal, as yaml.v3 does, and leaves quoted or non-octal ones alone", () => {
    const data = parseFast(DOCS["octals"]!, "f.yaml")?.data;
    expect(data).toEqual({ a: 0o440, b: 0o1777, c: "0440", d: 8, e: -8, f: 0, g: 15, h: 0, "420": "key" });
  });

  it("gives up on invalid YAML so the thorough parser can report it", () => {
    expect(parseFast("a: [1\n", "f.yaml")).toBeUndefined();
    expect(parseFast("a: 1\na: 2\n", "f.yaml")).toBeUndefined();
    expect(parseFast("- a\n", "f.yaml")).toBeUndefined();
    expect(parseFast("", "f.yaml")).toBeUndefined();
  });
});
