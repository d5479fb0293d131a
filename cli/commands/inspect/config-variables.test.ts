import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ModelVariable } from "../../../spec/discover/variables.js";
import { renderVariables } from "./config-variables.js";

const VARS: ModelVariable[] = [
  { Name: "APP_VERSION", DefaultValue: "1", PresenceValue: "", Required: false },
  { Name: "DB_PASSWORD", DefaultValue: "", PresenceValue: "", Required: true },
  { Name: "SUFFIX", DefaultValue: "", PresenceValue: "-dev", Required: false },
];

describe("renderVariables", () => {
  it("draws Compose's table by default", () => {
    expect(renderVariables(VARS, undefined)).toBe(
      [
        "NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE",
        "APP_VERSION         false               1                   ",
        "DB_PASSWORD         true                                    ",
        "SUFFIX              false                                   -dev",
        "",
      ].join("\n"),
    );
    expect(renderVariables([], undefined)).toBe("NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE\n");
  });

  it("prints JSON keyed by name with Compose's field names", () => {
    const text = renderVariables(VARS, "json");
    expect(text).toBe(`${JSON.stringify({ APP_VERSION: VARS[0], DB_PASSWORD: VARS[1], SUFFIX: VARS[2] }, null, 4)}\n`);
    expect(text.startsWith('{\n    "APP_VERSION": {\n        "Name": "APP_VERSION",\n        "DefaultValue": "1",')).toBe(true);
    expect(renderVariables([], "json")).toBe("{}\n");
  });

  it("prints YAML as yaml.v3's Marshal: lower-case fields, four-space indent", () => {
    expect(renderVariables(VARS.slice(0, 2), "yaml")).toBe(
      [
        "APP_VERSION:",
        "    name: APP_VERSION",
        '    defaultvalue: "1"',
        '    presencevalue: ""',
        "    required: false",
        "DB_PASSWORD:",
        "    name: DB_PASSWORD",
        '    defaultvalue: ""',
        '    presencevalue: ""',
        "    required: true",
        "",
      ].join("\n"),
    );
    expect(renderVariables([], "yaml")).toBe("{}\n");
  });

  it("keeps a multi-line default readable back as the same text", () => {
    const vars: ModelVariable[] = [
      { Name: "N", DefaultValue: "line one\n  indented\n", PresenceValue: "", Required: false },
      { Name: "S", DefaultValue: " lead\nx", PresenceValue: "", Required: false },
    ];
    const text = renderVariables(vars, "yaml");
    expect(text).toContain('"N":\n    name: "N"\n    defaultvalue: |\n        line one\n          indented\n');
    expect(text).toContain("    defaultvalue: |4-\n         lead\n        x\n");
    expect(parse(text)).toEqual({
      N: { name: "N", defaultvalue: "line one\n  indented\n", presencevalue: "", required: false },
      S: { name: "S", defaultvalue: " lead\nx", presencevalue: "", required: false },
    });
  });
});
