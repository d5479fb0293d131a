import { afterEach, describe, expect, it } from "vitest";
import { registerCleanup, registeredProjects, removeRegistered } from "./cleanup.js";

const EVENTS = ["beforeExit", "exit", "SIGINT", "SIGTERM", "uncaughtException", "unhandledRejection"] as const;
const counts = () => EVENTS.map((e) => process.listenerCount(e));

describe("registerCleanup", () => {
  const before = counts();
  afterEach(async () => {
    await removeRegistered();
  });

  it("installs the process hooks with the first stack and removes them with the last", () => {
    const entry = (projectName: string) => ({ projectName, connection: {}, abort: () => undefined, remove: () => Promise.resolve() });
    const offA = registerCleanup(entry("a"));
    const offB = registerCleanup(entry("b"));
    expect(registeredProjects()).toEqual(["a", "b"]);
    expect(counts()).toEqual(before.map((n) => n + 1));
    offA();
    expect(counts()).toEqual(before.map((n) => n + 1));
    offB();
    expect(registeredProjects()).toEqual([]);
    expect(counts()).toEqual(before);
  });

  it("removeRegistered aborts what each stack is doing, removes each once, and unregisters them", async () => {
    const log: string[] = [];
    registerCleanup({ projectName: "x", connection: {}, abort: () => log.push("abort x"), remove: async () => void log.push("remove x") });
    registerCleanup({ projectName: "y", connection: {}, abort: () => log.push("abort y"), remove: () => Promise.reject(new Error("engine gone")) });
    await Promise.all([removeRegistered(), removeRegistered()]);
    expect(log).toEqual(["abort x", "abort y", "remove x"]);
    expect(registeredProjects()).toEqual([]);
    expect(counts()).toEqual(before);
  });
});
