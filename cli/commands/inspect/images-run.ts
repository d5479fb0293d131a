import { humanDuration, humanSize } from "../../../engine/format/human-format.js";
import type { ContainerImage } from "../../../engine/verbs/project-images.js";
import type { CliContext } from "../../context.js";
import { formatRows, parseRowFormat, type RowSchema } from "../../render/format-rows.js";
import { connectEngine } from "../../engine-connect.js";
import type { ImagesFlags } from "./images.js";
import { COMPOSE_TABLE, formatTable } from "../shared/output-table.js";
import { resolveProjectName } from "../shared/project-target.js";

/**
 * What an `images --format` template sees: each image's object of `images --format json`, with
 * `Created` an empty string when the engine does not know it.
 */
export const IMAGES_ROWS: RowSchema = {
  verb: "images",
  typeName: "image",
  fields: ["ID", "ContainerName", "Repository", "Tag", "Platform", "Size", "Created"],
  headers: { ID: "IMAGE ID", ContainerName: "CONTAINER", Repository: "REPOSITORY", Tag: "TAG", Platform: "PLATFORM", Size: "SIZE", Created: "CREATED" },
};

/** The `images` table: `CONTAINER REPOSITORY TAG PLATFORM IMAGE ID SIZE CREATED`. */
export function imagesTable(images: readonly ContainerImage[], now: number = Date.now()): string {
  const rows = images.map((i) => [
    i.ContainerName,
    i.Repository || "<none>",
    i.Tag || "<none>",
    i.Platform,
    i.ID.replace(/^sha256:/, "").slice(0, 12),
    humanSize(i.Size),
    i.Created ? `${humanDuration(now - Date.parse(i.Created))} ago` : "N/A",
  ]);
  return formatTable([["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"], ...rows], COMPOSE_TABLE);
}

/** Runs `images`: image IDs (`-q`, each once), a JSON array (`--format json`), the table, or a template per image. */
export async function runImages(ctx: CliContext, services: string[], flags: ImagesFlags): Promise<void> {
  const format = flags.quiet ? "table" : parseRowFormat(flags.format, IMAGES_ROWS);
  const name = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { projectImages } = await import("../../../engine/verbs/project-images.js");
  const images = await projectImages(runtime, { name }, services);
  if (flags.quiet) for (const id of new Set(images.map((i) => i.ID.replace(/^sha256:/, "")))) ctx.stdout.write(`${id}\n`);
  else {
    const rows = images.map((i) => ({ ...i, Created: i.Created ?? "" }));
    ctx.stdout.write(formatRows(format, rows, { table: () => imagesTable(images), json: () => `${JSON.stringify(images)}\n` }));
  }
}
