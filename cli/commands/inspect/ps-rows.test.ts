import { describe, expect, it } from "vitest";
import type { PsEntry } from "../../../engine/verbs/ps.js";
import { psJson, psRow, PS_ROWS, psTable, type PsRow } from "./ps-rows.js";
import { parseRowFormat, renderTemplateRows } from "../../render/format-rows.js";

const LABELS = "com.docker.compose.project=ppx,com.docker.compose.service=web";

/** The web container of test/interop/stack, as tscompose's engine layer describes it. */
const web: PsEntry = {
  ID: "bf31dbde0347b754ac79ba413cbe961e21ac1fd22c4f4c311c53e82c5f09e1b1",
  Name: "ppx-web-1",
  Names: "ppx-web-1",
  Image: "tscompose-busybox:latest",
  Command: "sh -c 'echo web: serving; httpd -f -p 80 -h /www & pid=$!; trap 'kill $pid; exit 0' TERM; wait $pid'",
  Project: "ppx",
  Service: "web",
  CreatedAt: "2026-12-06 13:00:27 +0000 UTC",
  RunningFor: "4 seconds ago",
  State: "running",
  Status: "Up 4 seconds (healthy)",
  Health: "healthy",
  ExitCode: 0,
  Publishers: [{ URL: "127.0.0.1", TargetPort: 80, PublishedPort: 32863, Protocol: "tcp" }],
  Ports: "127.0.0.1:32863->80/tcp",
  Networks: "ppx_back,ppx_default",
  Mounts: "/tmp/pp/stack/site",
  LocalVolumes: "0",
  Labels: LABELS,
  Size: "0B",
};

const db: PsEntry = {
  ...web,
  ID: "2645526341c9f7feea4f411cf4ada7e4d31c3aa2b83ab59df31757b9187c4c27",
  Name: "ppx-db-1",
  Names: "ppx-db-1",
  Command: "sh -c 'echo db: starting; touch /data/ready; echo db: ready; trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done'",
  Service: "db",
  Publishers: [],
  Ports: "",
  Networks: "ppx_back",
  Mounts: "ppx_data",
  LocalVolumes: "1",
};

describe("ps rows (Compose's container formatter)", () => {
  // Taken from `docker compose ps --format json` (Compose 2.40.3) on the same container; Labels
  // (Go map order there) replaced by ours.
  it("prints --format json byte for byte as Compose 2.40: sorted keys, short ID and Command, Go escaping, Size", () => {
    expect(psJson([psRow(web, true)])).toBe(
      `{"Command":"\\"sh -c 'echo web: se…\\"","CreatedAt":"2026-12-06 13:00:27 +0000 UTC","ExitCode":0,"Health":"healthy","ID":"bf31dbde0347","Image":"tscompose-busybox:latest","Labels":"${LABELS}","LocalVolumes":"0","Mounts":"/tmp/pp/stack/…","Name":"ppx-web-1","Names":"ppx-web-1","Networks":"ppx_back,ppx_default","Ports":"127.0.0.1:32863-\\u003e80/tcp","Project":"ppx","Publishers":[{"URL":"127.0.0.1","TargetPort":80,"PublishedPort":32863,"Protocol":"tcp"}],"RunningFor":"4 seconds ago","Service":"web","Size":"0B","State":"running","Status":"Up 4 seconds (healthy)"}\n`,
    );
  });

  it("keeps everything whole with --no-trunc, Command still quoted and & escaped", () => {
    const line = psJson([psRow(db, false)]);
    expect(line).toContain(`"Command":"\\"sh -c 'echo db: starting; touch /data/ready; echo db: ready; trap 'exit 0' TERM; while :; do sleep 1 \\u0026 wait $!; done'\\""`);
    expect(line).toContain(`"ID":"${db.ID}"`);
    expect(psRow(web, false).Mounts).toBe("/tmp/pp/stack/site");
  });

  it("prints one object per line, and nothing for no container", () => {
    expect(psJson([psRow(db, true), psRow(web, true)]).split("\n")).toHaveLength(3);
    expect(psJson([])).toBe("");
  });

  it("quotes the command as Go's strconv.Quote: escaped quotes and tabs, Unicode kept", () => {
    const row = psRow({ ...web, Command: `sh -c 'echo "hi"\té 日本'` }, false);
    expect(row.Command).toBe(`"sh -c 'echo \\"hi\\"\\té 日本'"`);
  });

  it("cuts each mount name to 15 cells", () => {
    expect(psRow({ ...web, Mounts: "16b9ff9eb05a42f0a9d1c2,/tmp/pq" }, true).Mounts).toBe("16b9ff9eb05a42…,/tmp/pq");
    expect(psRow({ ...web, Mounts: "" }, true).Mounts).toBe("");
  });

  it("draws the default table as Compose: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS", () => {
    expect(psTable([psRow(db, true), psRow(web, true)])).toBe(
      [
        "NAME        IMAGE                      COMMAND                  SERVICE   CREATED         STATUS                   PORTS",
        `ppx-db-1    tscompose-busybox:latest   "sh -c 'echo db: sta…"   db        4 seconds ago   Up 4 seconds (healthy)   `,
        `ppx-web-1   tscompose-busybox:latest   "sh -c 'echo web: se…"   web       4 seconds ago   Up 4 seconds (healthy)   127.0.0.1:32863->80/tcp`,
        "",
      ].join("\n"),
    );
    expect(psTable([])).toBe("NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n");
  });

  it("counts a wide character as two cells in the table, as the docker CLI's tabwriter", () => {
    const out = psTable([psRow({ ...web, Command: "echo 日本語" }, false)]);
    const [header, row] = out.split("\n");
    const before = `ppx-web-1   tscompose-busybox:latest   "echo 日本語"   `;
    expect(row?.startsWith(`${before}web`)).toBe(true);
    // 日本語 is three characters but six cells: the header's column starts three further on.
    expect(header?.indexOf("SERVICE")).toBe(before.length + 3);
  });

  it("gives templates the same values, Size included", () => {
    const format = parseRowFormat("{{.ID}} {{.Command}} {{.Size}} {{.Mounts}}", PS_ROWS);
    if (typeof format === "string") throw new Error("expected a template");
    expect(renderTemplateRows(format, [psRow(web, true)])).toBe(`bf31dbde0347 "sh -c 'echo web: se…" 0B /tmp/pp/stack/…\n`);
  });

  it("heads a table template's columns as Compose 2.40: its titles, <no value> for the fields its header map lacks", () => {
    const format = parseRowFormat("table {{.ID}}\t{{.Names}}\t{{.Size}}\t{{.Networks}}", PS_ROWS);
    if (typeof format === "string") throw new Error("expected a template");
    expect(renderTemplateRows(format, [psRow(db, true)])).toBe(
      "CONTAINER ID   <no value>   SIZE      <no value>\n2645526341c9   ppx-db-1     0B        ppx_back\n",
    );
  });

  it("carries its JSON line as a hidden MarshalJSON method, for a template's {{json .}}", () => {
    const row = psRow(web, true) as PsRow & { MarshalJSON?: () => string };
    expect(Object.keys(row)).not.toContain("MarshalJSON");
    expect(`${row.MarshalJSON?.()}\n`).toBe(psJson([row]));
  });
});
