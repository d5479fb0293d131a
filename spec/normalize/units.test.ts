import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
import { formatDuration, parseByteSize, parseDuration } from "./units.js";

const S = 1e9;

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["0s", 0],
    ["30s", 30 * S],
    ["1m30s", 90 * S],
    ["1h2m3s", 3723 * S],
    ["1.5s", 1.5 * S],
    [".5s", 0.5 * S],
    ["300ms", 0.3 * S],
    ["10us", 10_000],
    ["10µs", 10_000],
    ["7ns", 7],
    ["1d", 86_400 * S],
    ["1w", 7 * 86_400 * S],
    ["-2s", -2 * S],
    ["1h0.5m", 3630 * S],
  ])("parses %s", (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it("accepts the number 0 but not other bare numbers, like compose-go", () => {
    expect(parseDuration(0)).toBe(0);
    expect(() => parseDuration(30)).toThrow(/invalid duration "30": it has no unit/);
  });

  it.each(["", "abc", "10x", "1h5", "s", "1..5s"])("rejects %j with the offending text", (text) => {
    let error: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as ProjectError).code).toBe("E_DURATION");
    expect((error as ProjectError).message).toContain(`"${text}"`);
    expect((error as ProjectError).hint).toMatch(/1m30s/);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [7, "7ns"],
    [1500, "1.5µs"],
    [500_000_000, "500ms"],
    [1_500_000, "1.5ms"],
    [S, "1s"],
    [1.5 * S, "1.5s"],
    [90 * S, "1m30s"],
    [60 * S, "1m0s"],
    [3600 * S, "1h0m0s"],
    [3723 * S, "1h2m3s"],
    [86_400 * S, "24h0m0s"],
    [-2 * S, "-2s"],
    [61.25 * S, "1m1.25s"],
  ])("formats %d as %s", (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it("round-trips through parseDuration", () => {
    for (const text of ["1m30s", "500ms", "2h0m0s", "1.5s", "10µs"]) expect(formatDuration(parseDuration(text))).toBe(text);
  });
});

describe("parseByteSize", () => {
  it.each([
    ["100", 100],
    ["100b", 100],
    ["2048k", 2048 * 1024],
    ["512m", 512 * 1024 ** 2],
    ["512M", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["1gb", 1024 ** 3],
    ["1GiB", 1024 ** 3],
    ["1.5G", 1.5 * 1024 ** 3],
    ["1 GB", 1024 ** 3],
    ["2t", 2 * 1024 ** 4],
    ["1p", 1024 ** 5],
    ["0.5k", 512],
  ])("parses %s", (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it("takes YAML numbers as bytes, including -1", () => {
    expect(parseByteSize(1048576)).toBe(1048576);
    expect(parseByteSize(-1)).toBe(-1);
  });

  it.each(["", "abc", "1x", "1gg", "1kib2", "-1", "1.2.3m", "m"])("rejects %j with the offending text", (text) => {
    expect(() => parseByteSize(text)).toThrow(ProjectError);
    expect(() => parseByteSize(text)).toThrow(`"${text}"`);
  });
});
