import { describe, expect, it } from "vitest";
import { buildQuery } from "./build.js";

describe("buildQuery", () => {
  it("writes the classic builder's query: repeated tags, JSON maps, limits only when set", () => {
    const q = new URLSearchParams(buildQuery({ dockerfile: "Dockerfile", tags: ["p-web", "extra/web:dev"], buildArgs: { A: "1" }, memoryBytes: 67108864, shmSizeBytes: 1024 }));
    expect(q.getAll("t")).toEqual(["p-web", "extra/web:dev"]);
    expect(q.get("buildargs")).toBe('{"A":"1"}');
    expect(q.get("memory")).toBe("67108864");
    expect(q.get("shmsize")).toBe("1024");
    expect(q.get("version")).toBe("1");
    const bare = new URLSearchParams(buildQuery({ dockerfile: "Dockerfile", tags: ["x"] }));
    expect(bare.has("memory")).toBe(false);
    expect(bare.has("buildargs")).toBe(false);
  });
});
