import { describe, expect, it } from "vitest";
import { COMPOSE_TABLE, formatTable, PS_TABLE } from "./output-table.js";

describe("formatTable", () => {
  it("pads every column but the last to its widest cell plus the padding", () => {
    const out = formatTable(
      [
        ["NAME", "IMAGE", "STATUS"],
        ["shop-web-1", "busybox", "Up 2 minutes"],
      ],
      PS_TABLE,
    );
    expect(out).toBe(`${"NAME".padEnd(13)}${"IMAGE".padEnd(10)}STATUS\n${"shop-web-1".padEnd(13)}${"busybox".padEnd(10)}Up 2 minutes\n`);
  });

  it("keeps the minimum width and the trailing spaces before an empty last cell", () => {
    expect(formatTable([["NAME", "STATUS", "CONFIG FILES"], ["a", "running(1)", ""]], COMPOSE_TABLE)).toBe(
      `${"NAME".padEnd(20)}${"STATUS".padEnd(20)}CONFIG FILES\n${"a".padEnd(20)}${"running(1)".padEnd(20)}\n`,
    );
  });

  it("counts characters, not bytes", () => {
    expect(formatTable([["é…", "x"], ["ab", "y"]], { minWidth: 0, padding: 1 })).toBe("é… x\nab y\n");
  });

  it("counts terminal cells in the docker CLI's tables (ps): a wide character is two", () => {
    expect(formatTable([["日本", "x"], ["ab", "y"]], { minWidth: 0, padding: 1, count: "cells" })).toBe("日本 x\nab   y\n");
    expect(formatTable([["日本", "x"], ["ab", "y"]], { minWidth: 0, padding: 1 })).toBe("日本 x\nab y\n");
  });
});
