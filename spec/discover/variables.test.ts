import { describe, expect, it } from "vitest";
import type { PlainMap } from "../read/parse.js";
import { extractVariables, type ModelVariable } from "./variables.js";

const v = (Name: string, attrs: Partial<ModelVariable> = {}): ModelVariable => ({
  Name,
  DefaultValue: "",
  PresenceValue: "",
  Required: false,
  ...attrs,
});

const of = (value: string): ModelVariable[] => extractVariables({ services: { web: { image: value } } });

describe("extractVariables", () => {
  it.each<[string, ModelVariable]>([
    ["$VAR", v("VAR")],
    ["${VAR}", v("VAR")],
    ["${VAR:-dflt}", v("VAR", { DefaultValue: "dflt" })],
    ["${VAR-dflt}", v("VAR", { DefaultValue: "dflt" })],
    ["${VAR:+alt}", v("VAR", { PresenceValue: "alt" })],
    ["${VAR+alt}", v("VAR", { PresenceValue: "alt" })],
    ["${VAR:?must be set}", v("VAR", { Required: true })],
    ["${VAR?must be set}", v("VAR", { Required: true })],
    ["${VAR:?}", v("VAR", { Required: true })],
    ["${VAR:-}", v("VAR")],
    ["${VAR:-a b:c-d}", v("VAR", { DefaultValue: "a b:c-d" })],
  ])("%s", (value, expected) => {
    expect(of(value)).toEqual([expected]);
  });

  it("finds references inside text and lists each name once", () => {
    expect(of("registry/${IMAGE:-app}:$TAG-${IMAGE}")).toEqual([v("IMAGE", { DefaultValue: "app" }), v("TAG")]);
  });

  it("lists the variables nested in a default, with the default as written", () => {
    expect(of("${A:-${B}}")).toEqual([v("A", { DefaultValue: "${B}" }), v("B")]);
    expect(of("${SUB:-$ROOT}")).toEqual([v("ROOT"), v("SUB", { DefaultValue: "$ROOT" })]);
    expect(of("${A:-x-${B:-${C:?no C}}}")).toEqual([
      v("A", { DefaultValue: "x-${B:-${C:?no C}}" }),
      v("B", { DefaultValue: "${C:?no C}" }),
      v("C", { Required: true }),
    ]);
  });

  it("lists the variables nested in an alternative and in an error message", () => {
    expect(of("${A:+-${SUFFIX}}")).toEqual([v("A", { PresenceValue: "-${SUFFIX}" }), v("SUFFIX")]);
    expect(of("${A:?set $HINT}")).toEqual([v("A", { Required: true }), v("HINT")]);
  });

  it("takes $$ as a literal dollar, never a variable", () => {
    expect(of("$$HOME and $${NOT} and $$$REAL")).toEqual([v("REAL")]);
    expect(of("cost: 5$, $1, ${")).toEqual([]);
  });

  it("adds nothing for an invalid template or a named mapping", () => {
    expect(of("${}")).toEqual([]);
    expect(of("${FOO BAR}")).toEqual([]);
    expect(of("${secret[key]}")).toEqual([]);
  });

  it("merges the references of one variable: first default and alternative, required if any is", () => {
    const model: PlainMap = {
      services: {
        a: { image: "${V}", command: ["${V:-first}", "${V:-second}"] },
        b: { image: "${V:+alt}", environment: { X: "${V:?}", Y: "${V+later}" } },
      },
    };
    expect(extractVariables(model)).toEqual([v("V", { DefaultValue: "first", PresenceValue: "alt", Required: true })]);
  });

  it("keeps a default given after a plain reference", () => {
    expect(extractVariables({ a: "$PORT", b: "${PORT:-80}" })).toEqual([v("PORT", { DefaultValue: "80" })]);
  });

  it("sorts by name in byte order and reads only string values, never keys", () => {
    const model: PlainMap = {
      "${KEY}": "x",
      services: { web: { ports: ["${b}:80", "${B}:81"], deploy: { replicas: 2 }, read_only: true, x: null } },
      "x-extra": [{ deep: ["${_U}", "${A1}"] }],
    };
    expect(extractVariables(model).map((x) => x.Name)).toEqual(["A1", "B", "_U", "b"]);
  });

  it("returns nothing for a model without references", () => {
    expect(extractVariables({ services: { web: { image: "nginx" } } })).toEqual([]);
  });
});
