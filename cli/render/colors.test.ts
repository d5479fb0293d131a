import { describe, expect, it } from "vitest";
import { LOG_PALETTE, sgr, useColor } from "./colors.js";

describe("useColor", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it("colors a terminal under auto, not a pipe", () => {
    expect(useColor("auto", tty, {})).toBe(true);
    expect(useColor("auto", pipe, {})).toBe(false);
  });

  it("obeys always and never", () => {
    expect(useColor("always", pipe, {})).toBe(true);
    expect(useColor("never", tty, {})).toBe(false);
  });

  it("lets a non-empty NO_COLOR win, even over always, as Compose", () => {
    expect(useColor("always", tty, { NO_COLOR: "1" })).toBe(false);
    expect(useColor("auto", tty, { NO_COLOR: "" })).toBe(true);
  });

  it("does not color a dumb terminal under auto", () => {
    expect(useColor("auto", tty, { TERM: "dumb" })).toBe(false);
  });
});

describe("log palette", () => {
  it("follows Compose's rainbow: five colors, then the same five intense", () => {
    expect(LOG_PALETTE).toEqual(["36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"]);
    expect(sgr("36;1", "x")).toBe("\u001b[36;1mx\u001b[0m");
  });
});
