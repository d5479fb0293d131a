import type { VolumeDetails } from "../../../engine/runtime/runtime.js";
import type { CliContext } from "../../context.js";
import { formatRows, parseRowFormat, type RowFormat, type RowSchema } from "../../render/format-rows.js";
import { connectEngine } from "../../engine-connect.js";
import { formatTable, PS_TABLE } from "../shared/output-table.js";
import { resolveTarget } from "../shared/project-target.js";
import type { VolumesFlags } from "./volumes.js";

/**
 * One volume as `volumes --format json` prints it: the fields of the Docker CLI's volume
 * formatter, which Docker Compose's `volumes` uses (`{"Availability":"N/A","Driver":"local",…}`).
 * `Labels` is `key=value` pairs, sorted, comma-separated; the usage and cluster fields are `N/A`
 * because the engine's volume list does not carry them.
 */
export interface VolumeEntry {
  readonly Availability: string;
  readonly Driver: string;
  readonly Group: string;
  readonly Labels: string;
  readonly Links: string;
  readonly Mountpoint: string;
  readonly Name: string;
  readonly Scope: string;
  readonly Size: string;
  readonly Status: string;
}

/** What a `volumes --format` template sees: each volume's object of `volumes --format json`. */
export const VOLUMES_ROWS: RowSchema = {
  verb: "volumes",
  typeName: "volume",
  fields: ["Availability", "Driver", "Group", "Labels", "Links", "Mountpoint", "Name", "Scope", "Size", "Status"],
  // The Docker CLI volume formatter's titles.
  headers: { Name: "VOLUME NAME", Driver: "DRIVER", Scope: "SCOPE", Mountpoint: "MOUNTPOINT", Labels: "LABELS", Links: "LINKS", Size: "SIZE", Group: "GROUP", Availability: "AVAILABILITY", Status: "STATUS" },
};

/** A volume in the Docker CLI formatter's shape. */
export function volumeEntry(v: VolumeDetails): VolumeEntry {
  const labels = Object.entries(v.labels)
    .map(([k, val]) => `${k}=${val}`)
    .sort()
    .join(",");
  return {
    Availability: "N/A",
    Driver: v.driver,
    Group: "N/A",
    Labels: labels,
    Links: "N/A",
    Mountpoint: v.mountpoint,
    Name: v.name,
    Scope: v.scope,
    Size: "N/A",
    Status: "N/A",
  };
}

/** The `volumes` table, as the Docker CLI's volume formatter draws it: `DRIVER  VOLUME NAME`, the header even when empty. */
export function volumesTable(volumes: readonly VolumeDetails[]): string {
  return formatTable([["DRIVER", "VOLUME NAME"], ...volumes.map((v) => [v.driver, v.name])], PS_TABLE);
}

/**
 * What `volumes` prints: names (`-q`), one JSON object per line (`--format json`), the table, or
 * a template per volume; `format` is `flags.format` parsed (parsed here when not given).
 */
export function volumesOutput(volumes: readonly VolumeDetails[], flags: VolumesFlags, format?: RowFormat): string {
  if (flags.quiet) return volumes.map((v) => `${v.name}\n`).join("");
  const rows = volumes.map(volumeEntry);
  const json = () => rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  return formatRows(format ?? parseRowFormat(flags.format, VOLUMES_ROWS), rows, { table: () => volumesTable(volumes), json });
}

/**
 * Runs `volumes`: the project's volumes by label, so it works from labels alone when the
 * compose file is gone (`-p NAME`), like `ps`.
 */
export async function runVolumes(ctx: CliContext, services: string[], flags: VolumesFlags): Promise<void> {
  const format = flags.quiet ? "table" : parseRowFormat(flags.format, VOLUMES_ROWS);
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const { projectVolumes } = await import("../../../engine/verbs/project-volumes.js");
  const volumes = await projectVolumes(runtime, ref, services);
  ctx.stdout.write(volumesOutput(volumes, flags, format));
}
