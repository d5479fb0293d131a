import { describe, expect, it } from "vitest";
import { sortYamlKeys, yamlKeyOrder } from "./yaml-key-order.js";

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

describe("yamlKeyOrder on ASCII and non-ASCII keys", () => {
  it("orders ASCII keys exactly as the rune-by-rune comparison does", () => {
    const keys = ["a", "A", "a1", "a10", "a9", "a01", "a_", "a-b", "a.b", "B", "b2c", "b10c", "_x", "1", "10", "9", "0", "00", "x0y", "x00y", "DB_HOST", "DBX", "é", "aé", "a9é"];
    const sorted = [...keys].sort(yamlKeyOrder);
    // Every pair agrees with the order, both ways round.
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        expect(yamlKeyOrder(sorted[i]!, sorted[j]!)).toBeLessThanOrEqual(0);
        expect(yamlKeyOrder(sorted[j]!, sorted[i]!)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(sorted.slice(0, 6)).toEqual(["_x", "0", "00", "1", "9", "10"]);
  });
});

describe("sortYamlKeys", () => {
  it("sorts like yamlKeyOrder, with or without digits and capitals", () => {
    for (const keys of [["volumes", "image", "cpu_shares", "cpus", "cpu_count", "a.b", "a-b", "a_b"], ["NODE10", "NODE9", "DB_HOST", "DBX", "a", "_"]]) {
      expect(sortYamlKeys([...keys])).toEqual([...keys].sort(yamlKeyOrder));
    }
  });
});
