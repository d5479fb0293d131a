import { describe, expect, it } from "vitest";
import { canonical, canonicalJson } from "./canonical.js";

describe("canonical", () => {
  it("orders the top level like docker compose config and sorts nested keys", () => {
    const out = canonical({ volumes: {}, services: { b: { z: 1, a: 2 }, a: {} }, name: "p", "x-ext": 1 });
    expect(Object.keys(out as object)).toEqual(["name", "services", "volumes", "x-ext"]);
    expect(JSON.stringify(out)).toBe('{"name":"p","services":{"a":{},"b":{"a":2,"z":1}},"volumes":{},"x-ext":1}');
  });

  it("keeps sequence order and drops undefined members", () => {
    expect(canonicalJson({ b: [3, 1], a: undefined })).toBe('{"b":[3,1]}');
  });

  it("sorts with the given key order, and can leave the top level alphabetical", () => {
    const reverse = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
    expect(JSON.stringify(canonical({ b: { y: 1, z: 2 }, a: 1, name: "p" }, false, reverse))).toBe('{"name":"p","b":{"z":2,"y":1},"a":1}');
    expect(Object.keys(canonical({ services: {}, name: "p", networks: {} }, false) as object)).toEqual(["name", "networks", "services"]);
  });

  it("keeps a __proto__ key as data", () => {
    expect(canonicalJson(JSON.parse('{"__proto__": {"x": 1}, "a": 2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
