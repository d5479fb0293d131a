import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, runCli } from "../helpers/cli.js";

/**
 * `tscompose config --variables` on a project using every interpolation form, across an include
 * and an extends. No engine is involved; the environment holds none of the variables, so the
 * required ones are missing.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures", "config-variables");
const config = (...args: string[]) => runCli({ cwd: dir, args: ["config", ...args] });

const TABLE = [
  "NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE",
  "APP_VERSION         false               1                   ",
  "BRACED_VAR          false                                   ",
  "DB_PASSWORD         true                                    ",
  "FLAG                false                                   on",
  "INNER               false                                   ",
  "LEVEL               false               info                ",
  "OUTER               false               ${INNER}            ",
  "PG_VERSION          false               16                  ",
  "PLAIN_VAR           false                                   ",
  "PORT                false               8080                ",
  "SUFFIX              false                                   -dev",
  "TOKEN               true                                    ",
  "",
].join("\n");

describe("config --variables", () => {
  beforeAll(() => assertCliBuilt());

  it("prints every variable once, sorted, in Compose's table, though required ones are unset", async () => {
    const r = await config("--variables");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(TABLE);
    expect(r.code).toBe(0);
  });

  it("the same project fails plain `config` on the missing required variables", async () => {
    const r = await config();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('compose.yaml:11:20 services.web.environment.DB_PASSWORD: required variable "DB_PASSWORD" is missing a value');
    expect(r.stdout).toBe("");
  });

  it("prints a JSON object keyed by name with --format json", async () => {
    const r = await config("--variables", "--format", "json");
    expect(r.code).toBe(0);
    const v = (Name: string, DefaultValue = "", PresenceValue = "", Required = false) => ({ Name, DefaultValue, PresenceValue, Required });
    const expected = {
      APP_VERSION: v("APP_VERSION", "1"),
      BRACED_VAR: v("BRACED_VAR"),
      DB_PASSWORD: v("DB_PASSWORD", "", "", true),
      FLAG: v("FLAG", "", "on"),
      INNER: v("INNER"),
      LEVEL: v("LEVEL", "info"),
      OUTER: v("OUTER", "${INNER}"),
      PG_VERSION: v("PG_VERSION", "16"),
      PLAIN_VAR: v("PLAIN_VAR"),
      PORT: v("PORT", "8080"),
      SUFFIX: v("SUFFIX", "", "-dev"),
      TOKEN: v("TOKEN", "", "", true),
    };
    expect(r.stdout).toBe(`${JSON.stringify(expected, null, 4)}\n`);
  });

  it("prints YAML with --format yaml", async () => {
    const r = await config("--variables", "--format", "yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("DB_PASSWORD:\n    name: DB_PASSWORD\n    defaultvalue: \"\"\n    presencevalue: \"\"\n    required: true\n");
  });

  it("still fails, located, on a YAML syntax error", async () => {
    const r = await runCli({ cwd: dir, args: ["-f", "broken.yaml", "config", "--variables"] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: broken\.yaml:3:12: invalid YAML/);
    expect(r.stdout).toBe("");
  });
});
