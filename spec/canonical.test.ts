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
});
