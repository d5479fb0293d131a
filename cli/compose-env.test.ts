import { describe, expect, it } from "vitest";
import { composeBool, orphanPolicy, parallelLimit, strictBool } from "./compose-env.js";

describe("Compose's environment variables", () => {
  it("reads yes/no as Compose's StringToBool: 1, t, true, y in any case", () => {
    for (const yes of ["1", "t", "T", "true", "True", " TRUE ", "y", "Y"]) expect(composeBool(yes), yes).toBe(true);
    for (const no of [undefined, "", "0", "false", "yes", "on", "2", "n"]) expect(composeBool(no), String(no)).toBe(false);
  });

  it("reads COMPOSE_DISABLE_ENV_FILE as Go's ParseBool, refusing anything else (the empty string too)", () => {
    expect(strictBool({}, "X")).toBe(false);
    for (const yes of ["1", "t", "T", "TRUE", "true", "True"]) expect(strictBool({ X: yes }, "X")).toBe(true);
    for (const no of ["0", "f", "F", "FALSE", "false", "False"]) expect(strictBool({ X: no }, "X")).toBe(false);
    for (const bad of ["", "y", "yes", "tRUE", " true"]) expect(() => strictBool({ X: bad }, "X")).toThrow(/X=.* is not a boolean/);
  });

  it("takes COMPOSE_PARALLEL_LIMIT as an integer and refuses anything else", () => {
    expect(parallelLimit({})).toBeUndefined();
    expect(parallelLimit({ COMPOSE_PARALLEL_LIMIT: "4" })).toBe(4);
    expect(parallelLimit({ COMPOSE_PARALLEL_LIMIT: "-1" })).toBe(-1);
    expect(() => parallelLimit({ COMPOSE_PARALLEL_LIMIT: "abc" })).toThrow('COMPOSE_PARALLEL_LIMIT must be an integer (found: "abc")');
    expect(() => parallelLimit({ COMPOSE_PARALLEL_LIMIT: "2.5" })).toThrow(/must be an integer/);
  });

  it("removes orphans with --remove-orphans or COMPOSE_REMOVE_ORPHANS where the verb reads it, and refuses it with COMPOSE_IGNORE_ORPHANS", () => {
    const up = { remove: true, ignore: true };
    expect(orphanPolicy({}, undefined, up)).toEqual({});
    expect(orphanPolicy({}, true, up)).toEqual({ removeOrphans: true });
    expect(orphanPolicy({ COMPOSE_REMOVE_ORPHANS: "y" }, undefined, up)).toEqual({ removeOrphans: true });
    expect(orphanPolicy({ COMPOSE_REMOVE_ORPHANS: "yes" }, undefined, up)).toEqual({});
    expect(orphanPolicy({ COMPOSE_IGNORE_ORPHANS: "1" }, undefined, up)).toEqual({ ignoreOrphans: true });
    expect(() => orphanPolicy({ COMPOSE_IGNORE_ORPHANS: "1" }, true, up)).toThrow("cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans");
    expect(() => orphanPolicy({ COMPOSE_IGNORE_ORPHANS: "1", COMPOSE_REMOVE_ORPHANS: "1" }, undefined, up)).toThrow(/cannot combine/);
    // down and kill read only COMPOSE_REMOVE_ORPHANS.
    expect(orphanPolicy({ COMPOSE_IGNORE_ORPHANS: "1", COMPOSE_REMOVE_ORPHANS: "1" }, undefined, { remove: true, ignore: false })).toEqual({ removeOrphans: true });
  });
});
