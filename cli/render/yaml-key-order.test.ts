import { describe, expect, it } from "vitest";
import { yamlKeyOrder } from "./yaml-key-order.js";

const sorted = (keys: string[]) => [...keys].sort(yamlKeyOrder);

describe("yamlKeyOrder (gopkg.in/yaml.v3 map key order)", () => {
  it("sorts plain lowercase keys alphabetically", () => {
    expect(sorted(["volumes", "image", "cpu_shares", "cpus", "cpu_count"])).toEqual(["cpu_count", "cpu_shares", "cpus", "image", "volumes"]);
  });

  it("compares runs of digits as numbers", () => {
    expect(sorted(["NODE10", "NODE9", "NODE1"])).toEqual(["NODE1", "NODE9", "NODE10"]);
    expect(sorted(["a01", "a1"])).toEqual(["a1", "a01"]);
  });

  it("puts a non-letter before a letter, unless digits came just before", () => {
    expect(sorted(["DBX", "DB_HOST"])).toEqual(["DB_HOST", "DBX"]);
    expect(sorted(["1a", "1_"])).toEqual(["1a", "1_"]);
  });

  it("puts a prefix first and is consistent", () => {
    expect(sorted(["ab", "a"])).toEqual(["a", "ab"]);
    expect(yamlKeyOrder("x", "x")).toBe(0);
  });
});
