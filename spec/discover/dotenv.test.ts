import { describe, expect, it } from "vitest";
import { parseDotEnv, parseRawEnv } from "./dotenv.js";
import { Diagnostics } from "../errors.js";

const SHELL: Record<string, string> = { HOME: "/home/me", SHELLVAR: "from-shell", OPTION_A: "5" };
const shell = (name: string): string | undefined => (Object.hasOwn(SHELL, name) ? SHELL[name] : undefined);

function parse(text: string, lookup = shell): { env: Record<string, string>; diag: Diagnostics } {
  const diag = new Diagnostics();
  const map = parseDotEnv(text, "/p/.env", lookup, diag);
  return { env: Object.fromEntries(map), diag };
}

function value(line: string): string | undefined {
  const { env, diag } = parse(line);
  expect(diag.errors).toEqual([]);
  return Object.values(env)[0];
}

describe("parseDotEnv", () => {
  it.each([
    ["FOO=bar", "bar"],
    ["FOO =bar", "bar"],
    ["FOO= bar", "bar"],
    ["FOO=bar ", "bar"],
    ["FOO=foobar=", "foobar="],
    ["FOO=1:B", "1:B"],
    ["FOO: 1", "1"],
    ["FOO:Foo=bar", "Foo=bar"],
    ["FOO=bar # this is foo", "bar"],
    ["FOO=bar #", "bar"],
    ["FOO=123#not-a-comment", "123#not-a-comment"],
    ["FOO=", ""],
    ['FOO=""', ""],
    ["FOO=a\\tb", "a\\tb"],
    ['FOO="bar"', "bar"],
    ["FOO='bar'", "bar"],
    ['FOO="bar#baz" # comment', "bar#baz"],
    ["FOO='bar#baz' # comment", "bar#baz"],
    ['FOO="bar#baz"#', "bar#baz"],
    ['FOO="escaped\\"bar"', 'escaped"bar'],
    ['FOO="\'d\'"', "'d'"],
    ['FOO="bar\\nbaz"', "bar\nbaz"],
    ['FOO="a\\tb"', "a\tb"],
    ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', "Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ"],
    ['KEY="\\x07 \\u12e4 \\c"', "\\x07 \\u12e4 \\c"],
    ['FOO="ends with backslash\\\\"', "ends with backslash\\"],
    ["export OPTION_B='\\n'", "\\n"],
    ["export\tOPTION_A=2", "2"],
    ['export OPTION_A="export A"', "export A"],
    ["  KEY=value", "value"],
    ["FOO=bar\r\n", "bar"],
  ])("%j → %j", (line, expected) => {
    expect(value(line)).toBe(expected);
  });

  it("accepts the key characters compose-go accepts", () => {
    const { env, diag } = parse("VAR-WITH-DASHES=a\nVAR.WITH.DOTS=b\nexportFOO=c\nexport_FOO=d\nkey[0]=e\nCLÉ=f\n");
    expect(diag.errors).toEqual([]);
    expect(env).toEqual({ "VAR-WITH-DASHES": "a", "VAR.WITH.DOTS": "b", exportFOO: "c", export_FOO: "d", "key[0]": "e", CLÉ: "f" });
  });

  it("skips blank lines and comments and keeps file order, later values winning", () => {
    const diag = new Diagnostics();
    const map = parseDotEnv("\uFEFF# head\n\n  # indented\nB=1\r\n\t\nA=2\nB=3\n", "/p/.env", shell, diag);
    expect([...map.entries()]).toEqual([
      ["B", "3"],
      ["A", "2"],
    ]);
  });

  it("reads quoted values over several lines", () => {
    const { env } = parse("A=\"first line\nsecond line\"\nB='x\ny'\nC=after\n");
    expect(env).toEqual({ A: "first line\nsecond line", B: "x\ny", C: "after" });
  });

  it("expands unquoted and double-quoted values, not single-quoted ones", () => {
    const { env } = parse("FOO=test\nA=$FOO\nB=${FOO}bar\nC=\"quote $FOO\"\nD='quote $FOO'\nE=\"foo\\$FOO ${FOO}\"\nF=$$FOO\n");
    expect(env).toEqual({ FOO: "test", A: "test", B: "testbar", C: "quote test", D: "quote $FOO", E: "foo$FOO test", F: "$FOO" });
  });

  it("sees earlier keys of the file before the shell, and the shell for the rest", () => {
    const { env } = parse("B=$OPTION_A\nOPTION_A=1\nC=${OPTION_A}_$SHELLVAR\nD=${LATER:-none}\nLATER=x\n");
    expect(env).toEqual({ B: "5", OPTION_A: "1", C: "1_from-shell", D: "none", LATER: "x" });
  });

  it("takes a bare KEY from the shell, or leaves it out", () => {
    const { env, diag } = parse("HOME\nNOT_IN_SHELL\nA=1\nSHELLVAR");
    expect(diag.errors).toEqual([]);
    expect(env).toEqual({ HOME: "/home/me", A: "1", SHELLVAR: "from-shell" });
  });

  it("warns about unset variables in values with the position of the value", () => {
    const { env, diag } = parse("A=1\nB=x${NOPE}y\n");
    expect(env["B"]).toBe("xy");
    expect(diag.warnings).toEqual([
      {
        code: "W_UNSET_VARIABLE",
        message: 'The "NOPE" variable is not set. Defaulting to a blank string.',
        location: { file: "/p/.env", line: 2, column: 3 },
      },
    ]);
  });

  it("reports required variables and invalid templates inside values", () => {
    const { diag } = parse("A=${NOPE:?needed here}\nB=\"${bad name}\"\n");
    expect(diag.errors.map((e) => [e.code, e.describe()])).toEqual([
      ["E_REQUIRED_VARIABLE", '/p/.env:1:3: required variable "NOPE" is missing a value: needed here'],
      ["E_INTERPOLATION_FORMAT", '/p/.env:2:4: invalid interpolation format in "${bad name}"'],
    ]);
    expect(diag.errors[1]?.hint).toMatch(/single quotes/);
  });

  it("reports an unterminated ${ with a dotenv hint", () => {
    const { diag } = parse('BASE=1\nTAG="${BASE"\n');
    expect(diag.errors.map((e) => [e.code, e.describe(), e.hint])).toEqual([
      ["E_INTERPOLATION_UNTERMINATED", '/p/.env:2:6: unterminated "${" in "${BASE"',
        'Close it with "}", e.g. ${BASE}, or put the value in single quotes to keep the $ literal.'],
    ]);
  });

  it("reports bad variable names with their position and goes on", () => {
    const { env, diag } = parse("lol$wut\nGOOD=1\nFOO BAR=2\n=value\nexport A\"=3\nLAST=ok\n");
    expect(env).toEqual({ GOOD: "1", LAST: "ok" });
    expect(diag.errors.map((e) => e.describe())).toEqual([
      '/p/.env:1:4: unexpected character "$" in variable name "lol$wut"',
      '/p/.env:3:4: the variable name "FOO BAR" contains a blank',
      "/p/.env:4:1: the line has no variable name",
      '/p/.env:5:9: unexpected character "\\"" in variable name "A\\""',
    ]);
    expect(diag.errors.every((e) => e.code === "E_DOTENV_KEY" && e.hint !== undefined)).toBe(true);
  });

  it.each(['KEY="', 'KEY="value', 'KEY="value\\"', "KEY=\"value'", "KEY='", "KEY='value", "KEY='value\\'", "KEY='value\""])(
    "reports the unterminated quote in %j",
    (text) => {
      const { env, diag } = parse(text);
      expect(env).toEqual({});
      expect(diag.errors).toHaveLength(1);
      expect(diag.errors[0]?.code).toBe("E_DOTENV_QUOTE");
      expect(diag.errors[0]?.describe()).toBe('/p/.env:1:5: the quoted value of "KEY" is never closed');
    },
  );
});

describe("parseRawEnv", () => {
  function raw(text: string, lookup?: (n: string) => string | undefined) {
    const diag = new Diagnostics();
    const map = parseRawEnv(text, "/p/app.env", diag, lookup);
    return { env: Object.fromEntries(map), diag };
  }

  it("takes values verbatim: quotes, $, # and trailing blanks included", () => {
    const { env, diag } = raw("A=\"quoted\"\nB='single'\nC=$HOME ${X:-y}\nD=a # not a comment \nE=\n  F=x=y\r\n# comment\n\n");
    expect(diag.errors).toEqual([]);
    expect(env).toEqual({ A: '"quoted"', B: "'single'", C: "$HOME ${X:-y}", D: "a # not a comment ", E: "", F: "x=y" });
  });

  it("takes a bare KEY from the lookup when there is one", () => {
    expect(raw("HOME\nNOPE\n", shell).env).toEqual({ HOME: "/home/me" });
    expect(raw("HOME\n").env).toEqual({});
  });

  it("reports names with blanks and missing names", () => {
    const { diag } = raw("OK=1\nBAD KEY=2\n=3\n");
    expect(diag.errors.map((e) => e.describe())).toEqual([
      '/p/app.env:2:1: the variable name "BAD KEY" contains blanks',
      "/p/app.env:3:1: the line has no variable name",
    ]);
  });
});
