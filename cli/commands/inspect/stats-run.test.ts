import { describe, expect, it } from "vitest";
import type { StatsEntry } from "../../../engine/format/stats-format.js";
import { redrawFrame, renderStats } from "./stats-run.js";

const ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const WEB: StatsEntry = {
  id: ID,
  name: "shop-web-1",
  cpuPercentage: 10,
  memory: 8 * 1024 ** 2,
  memoryLimit: 8 * 1024 ** 3,
  memoryPercentage: 0.09765625,
  networkRx: 2000,
  networkTx: 648,
  blockRead: 1048576,
  blockWrite: 4096,
  pids: 3,
};

describe("stats output", () => {
  it("prints docker stats' table, columns as Go's tabwriter lays them out (min 10, padding 3)", () => {
    const cols = [15, 13, 10, 20, 10, 13, 17];
    const line = (cells: string[]) => cells.map((c, i) => (i < cols.length ? c.padEnd(cols[i] ?? 0) : c)).join("") + "\n";
    expect(renderStats([WEB], { format: "table", trunc: true })).toBe(
      line(["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]) +
        line(["a1b2c3d4e5f6", "shop-web-1", "10.00%", "8MiB / 8GiB", "0.10%", "2kB / 648B", "1.05MB / 4.1kB", "3"]),
    );
    expect(renderStats([], { format: "table", trunc: true })).toBe("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n");
    expect(renderStats([WEB], { format: "table", trunc: false })).toContain(`${ID}   shop-web-1`);
  });

  it("prints one JSON object per container with the docker CLI's field names", () => {
    const text = renderStats([WEB, { ...WEB, name: "shop-web-2" }], { format: "json", trunc: true });
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '{"BlockIO":"1.05MB / 4.1kB","CPUPerc":"10.00%","Container":"a1b2c3d4e5f6","ID":"a1b2c3d4e5f6","MemPerc":"0.10%","MemUsage":"8MiB / 8GiB","Name":"shop-web-1","NetIO":"2kB / 648B","PIDs":"3"}',
    );
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ Name: "shop-web-2" });
  });

  it("redraws in place on a terminal: home, each line cleared to its end, the rest of the screen cleared", () => {
    expect(redrawFrame("a\nbb\n", true)).toBe("\x1b[2J\x1b[Ha\x1b[K\nbb\x1b[K\n\x1b[J");
    expect(redrawFrame("a\n", false)).toBe("\x1b[Ha\x1b[K\n\x1b[J");
  });
});
