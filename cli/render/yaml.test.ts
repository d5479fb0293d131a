import { load, CORE_SCHEMA } from "js-yaml";
import { describe, expect, it } from "vitest";
import { toYaml } from "./yaml.js";

const roundTrip = (v: unknown) => expect(load(toYaml(v), { schema: CORE_SCHEMA })).toEqual(v);

describe("toYaml", () => {
  it("prints nested maps and lists in docker compose config's block style", () => {
    expect(toYaml({ name: "p", services: { web: { command: ["sh", "-c", "echo hi"], ports: [{ target: 80, published: "8080" }] } } })).toBe(
      [
        "name: p",
        "services:",
        "  web:",
        "    command:",
        "      - sh",
        "      - -c",
        "      - echo hi",
        "    ports:",
        "      - target: 80",
        '        published: "8080"',
        "",
      ].join("\n"),
    );
  });

  it("quotes strings that would read back as another type", () => {
    expect(toYaml({ a: "true", b: "8080", c: "", d: "null", e: "1.5", f: "0x1f", g: "yes", h: "22:22" })).toBe(
      'a: "true"\nb: "8080"\nc: ""\nd: "null"\ne: "1.5"\nf: "0x1f"\ng: "yes"\nh: "22:22"\n',
    );
  });

  it("prints empty collections and null inline", () => {
    expect(toYaml({ a: {}, b: [], c: null, d: [{}] })).toBe("a: {}\nb: []\nc: null\nd:\n  - {}\n");
  });

  it("round-trips awkward strings, keys and numbers", () => {
    roundTrip({
      "com.example/x": "a: b",
      "80": "#not a comment",
      "key with space": " leading",
      q: "it's \"quoted\"",
      star: "*alias",
      dash: "- item",
      dashword: "-c",
      multi: "line1\nline2\n",
      multiNoEnd: "a\n\nb",
      multiMany: "a\n\n\n",
      tab: "a\tb",
      cr: "a\r\nb",
      unicode: "héllo ✓",
      nums: [0, -1, 1.5, 1e21],
      bools: [true, false],
      date: "2024-01-01",
      nested: [[1, [2]], [{ a: [] }]],
      dollar: "$${X}",
    });
  });

  it("prefers single quotes when a string cannot be plain, like yaml.v3", () => {
    expect(toYaml({ a: "*/5 * * * *", b: '"kept"', c: '["x"]', d: "**/*.tsx", e: "a: b", f: "a #b", g: "- a", h: "-", i: " x", j: "it's" })).toBe(
      "a: '*/5 * * * *'\nb: '\"kept\"'\nc: '[\"x\"]'\nd: '**/*.tsx'\ne: 'a: b'\nf: 'a #b'\ng: '- a'\nh: '-'\ni: ' x'\nj: it's\n",
    );
    expect(toYaml(["x ", "#c", "%p", "@a", "`b", "!t", "&a", "|", ">", "{a}"])).toBe(
      "- 'x '\n- '#c'\n- '%p'\n- '@a'\n- '`b'\n- '!t'\n- '&a'\n- '|'\n- '>'\n- '{a}'\n",
    );
  });

  it("keeps plain what yaml.v3 keeps plain: leading : or ? before a non-space, colons without a space, 1000:1000", () => {
    expect(toYaml({ a: "::1", b: ":/export", c: "?x", d: "1000:1000", e: "a:b", f: "a#b", g: "-c", h: "tRUE", i: "yEs", j: "2024-13-45" })).toBe(
      "a: ::1\nb: :/export\nc: ?x\nd: 1000:1000\ne: a:b\nf: a#b\ng: -c\nh: tRUE\ni: yEs\nj: 2024-13-45\n",
    );
  });

  it("double-quotes what would read back as another type, YAML 1.1 included", () => {
    const strings = ["1:30", "-1:30:00.5", "Yes", "OFF", "y", "~", "NULL", "True", "08", "0x1F", "0o17", "1_000", "+1", ".5", "1e3", "-.inf", "2024-01-15", "2024-1-5T10:00:00Z", "2024-01-15 10:00:00"];
    expect(toYaml(strings)).toBe(strings.map((x) => `- "${x}"`).join("\n") + "\n");
  });

  it("double-quotes tabs, control characters and characters outside the BMP, with yaml.v3's escapes", () => {
    expect(toYaml({ a: "x\ty", b: "bell\u0007", c: "smile \u{1F600}", d: "nbsp\u00a0ok", e: "a\\b" })).toBe(
      'a: "x\\ty"\nb: "bell\\a"\nc: "smile \\U0001F600"\nd: nbsp\u00a0ok\ne: a\\b\n',
    );
  });

  it("writes multi-line strings as literal blocks, with an indentation indicator when they start with a space", () => {
    expect(toYaml({ a: "x\ny\n", b: ["  indented\nnext"], c: "trailing \nspace" })).toBe(
      "a: |\n  x\n  y\nb:\n  - |2-\n      indented\n    next\nc: \"trailing \\nspace\"\n",
    );
    roundTrip({ a: "  lead\n", b: ["  lead\nx"], c: { d: " one\n two\n\n" } });
  });

  it("quotes keys with the same rules, and never writes a key as a block", () => {
    expect(toYaml({ "": 1, "a b": 2, "*k": 3, "x\ny": 4, "80": 5 })).toBe("\"80\": 5\n\"\": 1\na b: 2\n'*k': 3\n\"x\\ny\": 4\n");
  });
});
