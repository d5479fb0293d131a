import { describe, expect, inject, it } from "vitest";

const api = inject("apiUrl");

describe("the API service", () => {
  it("answers its health check", async () => {
    const response = await fetch(new URL("health", api));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("describes itself as JSON", async () => {
    const response = await fetch(new URL("cgi-bin/info", api));
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ service: "api", database: "http://db:5432" });
  });

  it("reaches the database by its service name", async () => {
    const response = await fetch(new URL("cgi-bin/db-status", api));
    expect(await response.json()).toEqual({ database: "ready" });
  });

  it("answers 404 for a path it does not serve", async () => {
    expect((await fetch(new URL("nothing-here", api))).status).toBe(404);
  });
});
