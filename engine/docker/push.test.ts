import { describe, expect, it } from "vitest";
import { splitReference } from "./push.js";

describe("splitReference", () => {
  it("splits the tag off after the last slash, defaulting to latest", () => {
    expect(splitReference("localhost:5999/app:1")).toEqual({ name: "localhost:5999/app", tag: "1" });
    expect(splitReference("localhost:5999/app")).toEqual({ name: "localhost:5999/app", tag: "latest" });
    expect(splitReference("busybox")).toEqual({ name: "busybox", tag: "latest" });
  });
});
