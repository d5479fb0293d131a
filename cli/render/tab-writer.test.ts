import { describe, expect, it } from "vitest";
import { formatTable, PS_TABLE } from "../commands/shared/output-table.js";
import { alignTabs } from "./tab-writer.js";

describe("alignTabs (Go's text/tabwriter with the docker CLI's settings: min 10, padding 3, spaces)", () => {
  it("pads every tab-terminated cell to its column's widest plus 3, at least 10; the last cell is not padded", () => {
    expect(alignTabs("NAME\tSTATUS\nshop-web-1-long-name\tUp 2 minutes\n")).toBe(`NAME${" ".repeat(19)}STATUS\nshop-web-1-long-name   Up 2 minutes\n`);
    expect(alignTabs("A\tB\tC\n")).toBe("A         B         C\n");
  });

  it("lays out uniform rows as the verbs' own tables do", () => {
    const rows = [["NAME", "IMAGE", "STATUS"], ["a-very-long-container-name", "img", "Up"], ["b", "tscompose-busybox:latest", "Exited (0)"]];
    expect(alignTabs(rows.map((r) => r.join("\t")).join("\n") + "\n")).toBe(formatTable(rows, PS_TABLE));
  });

  it("gives a column one width per block of consecutive lines that have that cell, as Go does", () => {
    expect(alignTabs("a\tb\tc\naaaa\tb\nx")).toBe("a         b         c\naaaa      b\nx");
    expect(alignTabs("a\tb\nc\ndddddddddddddd\te")).toBe("a         b\nc\ndddddddddddddd   e");
  });

  it("pads empty cells and counts characters, not bytes", () => {
    expect(alignTabs("\tx\nééé\ty")).toBe("          x\nééé       y");
  });
});
