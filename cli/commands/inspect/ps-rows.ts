import { ellipsis, truncateId } from "../../../engine/format/human-format.js";
import type { PortPublisher, PsEntry } from "../../../engine/verbs/ps.js";
import { goMarshal, type RowSchema } from "../../render/format-rows.js";
import { goQuote } from "../../render/go-fmt.js";
import { formatTable, PS_TABLE } from "../shared/output-table.js";

/**
 * One container as `docker compose ps` presents it (its formatter's container context): the
 * fields of `ps --format json` in the order Compose prints them (Go sorts the keys), with `ID`
 * cut to 12 characters, `Command` cut to 20 and quoted as Go quotes, each mount name cut to 15,
 * unless `--no-trunc` (which keeps the quotes). Templates, the table and the JSON all read these.
 */
export interface PsRow {
  readonly Command: string;
  readonly CreatedAt: string;
  readonly ExitCode: number;
  readonly Health: string;
  readonly ID: string;
  readonly Image: string;
  readonly Labels: string;
  readonly LocalVolumes: string;
  readonly Mounts: string;
  readonly Name: string;
  readonly Names: string;
  readonly Networks: string;
  readonly Ports: string;
  readonly Project: string;
  readonly Publishers: readonly PortPublisher[];
  readonly RunningFor: string;
  readonly Service: string;
  readonly Size: string;
  readonly State: string;
  readonly Status: string;
}

/** What a `ps --format` template sees: each row is the container's `ps --format json` object. */
export const PS_ROWS: RowSchema = {
  verb: "ps",
  typeName: "container",
  fields: ["Command", "CreatedAt", "ExitCode", "Health", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Name", "Names", "Networks", "Ports", "Project", "Publishers", "RunningFor", "Service", "Size", "State", "Status"],
  // Docker Compose 2.40's titles (cmd/formatter/container.go); its map has none for Names, Health,
  // ExitCode, Publishers, Mounts, LocalVolumes and Networks, so a table template heads them <no value>.
  headers: { ID: "CONTAINER ID", Name: "NAME", Project: "PROJECT", Service: "SERVICE", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED AT", RunningFor: "CREATED", Ports: "PORTS", State: "STATE", Status: "STATUS", Size: "SIZE", Labels: "LABELS" },
  untitled: "<no value>",
};

/**
 * The row Compose's formatter shows for `e`; `trunc` false is `--no-trunc`. Like Compose's
 * container context, the row has a `MarshalJSON` method (not enumerable, not a template field)
 * that gives its `--format json` line, which a template's `{{json .}}` should print too.
 */
export function psRow(e: PsEntry, trunc: boolean): PsRow {
  const row = psFields(e, trunc);
  Object.defineProperty(row, "MarshalJSON", { value: () => goMarshal(row), enumerable: false });
  return row;
}

function psFields(e: PsEntry, trunc: boolean): PsRow {
  const mounts = e.Mounts === "" ? [] : e.Mounts.split(",");
  return {
    Command: goQuote(trunc ? ellipsis(e.Command, 20) : e.Command),
    CreatedAt: e.CreatedAt,
    ExitCode: e.ExitCode,
    Health: e.Health,
    ID: trunc ? truncateId(e.ID) : e.ID,
    Image: e.Image,
    Labels: e.Labels,
    LocalVolumes: e.LocalVolumes,
    Mounts: (trunc ? mounts.map((m) => ellipsis(m, 15)) : mounts).join(","),
    Name: e.Name,
    Names: e.Names,
    Networks: e.Networks,
    Ports: e.Ports,
    Project: e.Project,
    Publishers: e.Publishers.map((p) => ({ URL: p.URL, TargetPort: p.TargetPort, PublishedPort: p.PublishedPort, Protocol: p.Protocol })),
    RunningFor: e.RunningFor,
    Service: e.Service,
    Size: e.Size,
    State: e.State,
    Status: e.Status,
  };
}

/** `ps --format json`: one object per line, encoded as Go's `encoding/json` does (`->` is `-\u003e`). */
export function psJson(rows: readonly PsRow[]): string {
  return rows.map((r) => `${goMarshal(r)}\n`).join("");
}

/** The default `ps` table: `NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS`, spaced as Compose's. */
export function psTable(rows: readonly PsRow[]): string {
  const cells = rows.map((r) => [r.Name, r.Image, r.Command, r.Service, r.RunningFor, r.Status, r.Ports]);
  return formatTable([["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"], ...cells], PS_TABLE);
}
