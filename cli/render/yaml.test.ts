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
});
