import { describe, expect, it } from "vitest";
import type { VolumeDetails } from "../../../engine/runtime/runtime.js";
import { volumeEntry, volumesOutput, volumesTable } from "./volumes-run.js";

const vol = (name: string, labels: Record<string, string> = {}): VolumeDetails => ({
  name,
  driver: "local",
  mountpoint: `/var/lib/docker/volumes/${name}/_data`,
  labels,
  options: {},
  scope: "local",
});

describe("volumes output", () => {
  it("draws the Docker CLI's table: DRIVER and VOLUME NAME, header even when empty", () => {
    expect(volumesTable([vol("shop_data"), vol("shop_cache")])).toBe(
      ["DRIVER    VOLUME NAME", "local     shop_data", "local     shop_cache", ""].join("\n"),
    );
    expect(volumesTable([])).toBe("DRIVER    VOLUME NAME\n");
  });

  it("-q prints names only; -q wins over --format json", () => {
    expect(volumesOutput([vol("a"), vol("b")], { format: "table", quiet: true })).toBe("a\nb\n");
    expect(volumesOutput([vol("a")], { format: "json", quiet: true })).toBe("a\n");
    expect(volumesOutput([], { format: "table", quiet: true })).toBe("");
  });

  it("--format json prints one object per volume with the Docker CLI formatter's fields", () => {
    const out = volumesOutput([vol("shop_data", { "com.docker.compose.volume": "data", "com.docker.compose.project": "shop" }), vol("shop_x")], { format: "json" });
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? "") as Record<string, string>;
    expect(first).toEqual({
      Availability: "N/A",
      Driver: "local",
      Group: "N/A",
      Labels: "com.docker.compose.project=shop,com.docker.compose.volume=data",
      Links: "N/A",
      Mountpoint: "/var/lib/docker/volumes/shop_data/_data",
      Name: "shop_data",
      Scope: "local",
      Size: "N/A",
      Status: "N/A",
    });
    // Go's encoding/json sorts map keys: the same byte order as Compose's output.
    expect(Object.keys(first)).toEqual(Object.keys(first).sort());
    expect(volumeEntry(vol("v")).Labels).toBe("");
    expect(volumesOutput([], { format: "json" })).toBe("");
  });
});
