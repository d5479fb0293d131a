import { describe, expect, it } from "vitest";
import { distance, suggest } from "./suggest.js";

describe("distance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(distance("depend_on", "depends_on")).toBe(1);
    expect(distance("imag", "image")).toBe(1);
    expect(distance("kitten", "sitting")).toBe(3);
    expect(distance("", "abc")).toBe(3);
    expect(distance("same", "same")).toBe(0);
  });

  it("counts a swap of two adjacent characters as one edit", () => {
    expect(distance("iamge", "image")).toBe(1);
    expect(distance("evnironment", "environment")).toBe(1);
  });
});

describe("suggest", () => {
  const keys = ["image", "build", "depends_on", "environment", "env_file", "ports", "volumes", "healthcheck"];

  it("proposes the closest key for a typo", () => {
    expect(suggest("depend_on", keys)).toBe("depends_on");
    expect(suggest("iamge", keys)).toBe("image");
    expect(suggest("enviroment", keys)).toBe("environment");
    expect(suggest("helthcheck", keys)).toBe("healthcheck");
  });

  it("ignores case but returns the candidate as written", () => {
    expect(suggest("Image", keys)).toBe("image");
    expect(suggest("PORTS", keys)).toBe("ports");
  });

  it("returns nothing when no candidate is plausibly meant", () => {
    expect(suggest("foo", keys)).toBeUndefined();
    expect(suggest("completely_different", keys)).toBeUndefined();
    expect(suggest("x", ["y"])).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
  });

  it("allows more edits for longer words", () => {
    // 3 edits on a 15-letter word is within max(2, 15/3); on a 3-letter word it is not.
    expect(suggest("servce_helthyy", ["service_healthy", "service_started"])).toBe("service_healthy");
    expect(suggest("abc", ["xyz"])).toBeUndefined();
  });

  it("prefers the smaller distance, then the earlier candidate", () => {
    expect(suggest("sync", ["rebuild", "sync+exec", "sync"])).toBe("sync");
    expect(suggest("syn", ["sync+exec", "sync", "sink"])).toBe("sync");
    expect(suggest("ab", ["ax", "ay"])).toBe("ax");
  });
});
