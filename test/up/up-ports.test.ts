import { get } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, freePort, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: published ports");
const projects = new Projects(() => engine?.runtime);

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** GETs `url` until it answers (the server in the container needs a moment after its start). */
async function getWhenUp(url: string, timeoutMs = 15_000): Promise<{ status: number; body: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await httpGet(url);
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!engine)("up: published ports", () => {
  afterEach(() => projects.cleanup());

  it("a published port answers HTTP on the host", async () => {
    const project = projects.next("tsc-port");
    const port = await freePort();
    expectExit(await compose(fixture("up-port-published"), project, ["up", "-d"], { env: { WEB_PORT: String(port) } }), 0);
    const details = await engine!.runtime.inspectContainer(`${project}-web-1`);
    expect(details.ports).toContainEqual(expect.objectContaining({ containerPort: 8080, hostIp: "127.0.0.1", hostPort: port }));
    const res = await getWhenUp(`http://127.0.0.1:${port}/`);
    expect(res).toEqual({ status: 200, body: "hello from web\n" });
  });
});
