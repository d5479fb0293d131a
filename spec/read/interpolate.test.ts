import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { interpolateFile, interpolateString, type InterpolationIssue } from "./interpolate.js";
import { pathKey } from "../location.js";
import { parseComposeFile, type ComposeFile } from "./parse.js";

const ENV: Record<string, string> = { FOO: "first", EMPTY: "", B: "bee" };
const lookup = (name: string): string | undefined => (Object.hasOwn(ENV, name) ? ENV[name] : undefined);

function expand(value: string): { out: string; issues: InterpolationIssue[] } {
  const issues: InterpolationIssue[] = [];
  const out = interpolateString(value, lookup, (i) => issues.push(i));
  return { out, issues };
}

function load(text: string, env: Record<string, string> = ENV): { file: ComposeFile; diag: Diagnostics } {
  const diag = new Diagnostics();
  const parsed = parseComposeFile(text, "/p/compose.yaml", diag);
  if (!parsed) throw new Error(diag.errors.map((e) => e.describe()).join("\n"));
  const file = interpolateFile(parsed, (n) => (Object.hasOwn(env, n) ? env[n] : undefined), diag);
  return { file, diag };
}

describe("interpolateString", () => {
  it.each([
    ["$FOO", "first"],
    ["${FOO}", "first"],
    ["a ${FOO} b $FOO-bar", "a first b first-bar"],
    ["${fOO:-x}", "x"], // names are case-sensitive in the lookup
    ["${MISSING:-def}", "def"],
    ["${EMPTY:-def}", "def"],
    ["${FOO:-def}", "first"],
    ["${MISSING-def}", "def"],
    ["${EMPTY-def}", ""],
    ["${FOO:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${MISSING:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["${MISSING+alt}", ""],
    ["${FOO:?boom}", "first"],
    ["${EMPTY?boom}", ""],
    ["${EMPTY:-/non:-alphanumeric}", "/non:-alphanumeric"],
    ["${MISSING-my?error}", "my?error"],
  ])("%s → %s", (input, expected) => {
    const { out, issues } = expand(input);
    expect(out).toBe(expected);
    expect(issues).toEqual([]);
  });

  it("expands nested defaults, alternatives and messages", () => {
    expect(expand("${A:-${MISSING:-x}}").out).toBe("x");
    expect(expand("${A:-${FOO} and $B}").out).toBe("first and bee");
    expect(expand("${EMPTY+$FOO ${FOO:+second}}").out).toBe("first second");
    expect(expand("${A:-${MISSING:-${B}}}-tail").out).toBe("bee-tail");
    expect(expand("${A?needs $B}").issues).toEqual([{ kind: "required", name: "A", message: "needs bee" }]);
  });

  it("only expands a default when it is used", () => {
    expect(expand("${FOO:-${NOPE}}").issues).toEqual([]);
    expect(expand("${FOO:-${NOPE:?never}}").issues).toEqual([]);
  });

  it("turns $$ into a literal $ and leaves other lone $ alone", () => {
    expect(expand("$${FOO} $$FOO").out).toBe("${FOO} $FOO");
    for (const literal of ["a $ string", "^REGEX$", "$}", "$", "cost: $1", "$-x", "${FOO[bar]}"]) {
      expect(expand(literal)).toEqual({ out: literal, issues: [] });
    }
  });

  it("reports unset variables and expands them to an empty string", () => {
    expect(expand("x${NOPE}y$NOPE2")).toEqual({
      out: "xy",
      issues: [
        { kind: "unset", name: "NOPE", braced: true },
        { kind: "unset", name: "NOPE2", braced: false },
      ],
    });
  });

  it("reports required variables with and without a message", () => {
    expect(expand("${MISSING:?Mandatory Variable}").issues).toEqual([
      { kind: "required", name: "MISSING", message: "Mandatory Variable" },
    ]);
    expect(expand("${EMPTY:?}").issues).toEqual([{ kind: "required", name: "EMPTY", message: "" }]);
    expect(expand("${MISSING?bar-baz}").issues).toEqual([{ kind: "required", name: "MISSING", message: "bar-baz" }]);
  });

  it.each(["${", "${}", "${ }", "${ foo}", "${foo }", "${foo!}", "${FOO BAR}", "x ${FOO", "${FOO:}", "${1}", "${A:-${B}"])(
    "rejects the invalid template %s and keeps the value",
    (template) => {
      const { out, issues } = expand(template);
      expect(out).toBe(template);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ kind: "invalid", template });
    },
  );

  it("marks only an unclosed ${ as unterminated", () => {
    expect(expand("x ${FOO").issues).toEqual([{ kind: "invalid", template: "x ${FOO", fragment: "${FOO", unterminated: true }]);
    expect(expand("${A:-${B}").issues[0]).toMatchObject({ fragment: "${A:-${B}", unterminated: true });
    expect(expand("${FOO BAR}").issues[0]).not.toHaveProperty("unterminated");
  });

  it("names the offending fragment of an invalid template", () => {
    expect(expand("ok ${FOO} ${FOO BAR} end").issues).toEqual([
      { kind: "invalid", template: "ok ${FOO} ${FOO BAR} end", fragment: "${FOO BAR}" },
    ]);
  });

  it("eats the variable-looking part of a bcrypt hash, as Compose does", () => {
    const { out, issues } = expand("$2y$10$abcdefghijklmnopqrstuv");
    expect(out).toBe("$2y$10");
    expect(issues).toEqual([{ kind: "unset", name: "abcdefghijklmnopqrstuv", braced: false }]);
    expect(expand("$$2y$$10$$abc").out).toBe("$2y$10$abc");
  });
});

describe("interpolateFile", () => {
  it("interpolates string values only, never keys, numbers or booleans", () => {
    const { file, diag } = load(
      "services:\n  web:\n    image: ${IMG:-nginx}:$FOO\n    labels:\n      $FOO: ${B}\n    cpu_count: 2\n    tty: true\n    x-n: null\n",
    );
    expect(file.data).toEqual({
      services: { web: { image: "nginx:first", labels: { $FOO: "bee" }, cpu_count: 2, tty: true, "x-n": null } },
    });
    expect(diag.errors).toEqual([]);
    expect(diag.warnings).toEqual([]);
  });

  it("keeps the path, sources and tags and does not modify the input", () => {
    const diag = new Diagnostics();
    const parsed = parseComposeFile("services:\n  a:\n    command: !override [echo, $FOO]\n", "/p/c.yaml", diag)!;
    const out = interpolateFile(parsed, lookup, diag);
    expect(out.sources).toBe(parsed.sources);
    expect(out.tags.get(pathKey(["services", "a", "command"]))).toBe("override");
    expect(out.path).toBe("/p/c.yaml");
    expect(out.data).toEqual({ services: { a: { command: ["echo", "first"] } } });
    expect(parsed.data).toEqual({ services: { a: { command: ["echo", "$FOO"] } } });
  });

  it("warns once per unset variable, in Compose's words, at the value's position", () => {
    const { file, diag } = load("services:\n  a:\n    image: $NOPE\n    user: ${NOPE}\n");
    expect(file.data).toEqual({ services: { a: { image: "", user: "" } } });
    expect(diag.warnings).toEqual([
      {
        code: "W_UNSET_VARIABLE",
        message: 'The "NOPE" variable is not set. Defaulting to a blank string.',
        location: { file: "/p/compose.yaml", line: 3, column: 12 },
        path: ["services", "a", "image"],
      },
    ]);
  });

  it("reports a missing required variable with Compose's wording and its position", () => {
    const { diag } = load("services:\n  db:\n    environment:\n      PW: ${DB_PW:?set a password}\n");
    expect(diag.errors).toHaveLength(1);
    const err = diag.errors[0]!;
    expect(err.code).toBe("E_REQUIRED_VARIABLE");
    expect(err.describe()).toBe(
      '/p/compose.yaml:4:11 services.db.environment.PW: required variable "DB_PW" is missing a value: set a password',
    );
    expect(err.hint).toMatch(/DB_PW/);
  });

  it("reports an invalid template with the value and a hint", () => {
    const { diag } = load('services:\n  a:\n    image: "x-${FOO BAR}"\n');
    const err = diag.errors[0]!;
    expect(err.code).toBe("E_INTERPOLATION_FORMAT");
    expect(err.describe()).toBe(
      '/p/compose.yaml:3:12 services.a.image: invalid interpolation format in "x-${FOO BAR}" at "${FOO BAR}"',
    );
    expect(err.hint).toMatch(/\$\$/);
  });

  it("says a ${ is unterminated and shows it closed", () => {
    const { diag } = load('services:\n  a:\n    image: "x:${TAG"\n    user: "${A:-b/${C}"\n    working_dir: "${D and more"\n');
    expect(diag.errors.map((e) => [e.code, e.describe(), e.hint])).toEqual([
      ["E_INTERPOLATION_UNTERMINATED", '/p/compose.yaml:3:12 services.a.image: unterminated "${" in "x:${TAG"',
        'Close it with "}", e.g. ${TAG}, or write $$ for a literal $.'],
      ["E_INTERPOLATION_UNTERMINATED", '/p/compose.yaml:4:11 services.a.user: unterminated "${" in "${A:-b/${C}"',
        'Close it with "}", e.g. ${A:-b/${C}}, or write $$ for a literal $.'],
      ["E_INTERPOLATION_UNTERMINATED", '/p/compose.yaml:5:18 services.a.working_dir: unterminated "${" in "${D and more"',
        'Close it with "}", e.g. ${D}, or write $$ for a literal $.'],
    ]);
  });

  it("explains what happened to a value with literal $ signs such as a bcrypt hash", () => {
    const { file, diag } = load("services:\n  a:\n    environment:\n      HASH: $2y$10$abcdefghijklmnop\n", {});
    expect(file.data).toEqual({ services: { a: { environment: { HASH: "$2y$10" } } } });
    expect(diag.warnings.map((w) => w.code)).toEqual(["W_UNSET_VARIABLE", "W_DOLLAR_IN_VALUE"]);
    expect(diag.warnings[1]?.message).toContain('"$abcdefghijklmnop"');
    expect(diag.warnings[1]?.message).toContain('"$$"');
    expect(diag.warnings[1]?.path).toEqual(["services", "a", "environment", "HASH"]);
  });

  it("does not add the $ explanation for ordinary unset variables", () => {
    const { diag } = load("services:\n  a:\n    image: ${NOPE}:$$x\n    user: $NOPE2\n", {});
    expect(diag.warnings.map((w) => w.code)).toEqual(["W_UNSET_VARIABLE", "W_UNSET_VARIABLE"]);
  });
});
