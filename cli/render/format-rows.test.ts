import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../spec/errors.js";
import { formatOption } from "./format-option.js";
import { formatRows, goMarshal, headerFromName, parseRowFormat, renderTemplateRows, type RowSchema, type RowTemplate } from "./format-rows.js";

const SCHEMA: RowSchema = {
  verb: "ps",
  typeName: "container",
  fields: ["Name", "RunningFor", "Status", "LocalVolumes", "Publishers", "ExitCode"],
  headers: { Name: "NAME", RunningFor: "CREATED", Status: "STATUS" },
};
const ROWS = [
  { Name: "shop-web-1", RunningFor: "2 minutes ago", Status: "Up 2 minutes", LocalVolumes: "1", Publishers: [{ URL: "0.0.0.0", TargetPort: 80 }], ExitCode: 0 },
  { Name: "shop-db-1", RunningFor: "1 hour ago", Status: "Exited (3) 5 minutes ago", LocalVolumes: "0", Publishers: [], ExitCode: 3 },
];
const template = (value: string) => parseRowFormat(value, SCHEMA) as RowTemplate;
const usage = (value: string) => {
  try {
    parseRowFormat(value, SCHEMA);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectError);
    expect(error).toMatchObject({ code: "E_USAGE", kind: "bad-input" });
    return error as ProjectError;
  }
  throw new Error(`${value} was accepted`);
};

describe("parseRowFormat", () => {
  it("keeps table and json as they are and parses anything else as a template", () => {
    expect(parseRowFormat("table", SCHEMA)).toBe("table");
    expect(parseRowFormat("json", SCHEMA)).toBe("json");
    expect(template("{{.Name}}")).toMatchObject({ kind: "template", table: false });
    expect(template("table {{.Name}}")).toMatchObject({ kind: "template", table: true });
  });

  it("reports bad syntax, unknown functions and unknown fields as bad usage, naming the fields", () => {
    expect(usage("{{.Name | foo}}").message).toBe('template: ps:1:11: function "foo" not defined');
    expect(usage("{{if .Name}}").message).toBe("template: ps:1:13: unexpected EOF");
    const field = usage("{{.Name}} {{.Nam}}");
    expect(field.message).toBe("template: ps:1:13: can't evaluate field Nam in type container");
    expect(field.hint).toBe("A ps template can use the fields .Name, .RunningFor, .Status, .LocalVolumes, .Publishers, .ExitCode.");
    expect(usage("table {{$.Nope}}").message).toMatch(/can't evaluate field Nope in type container/);
  });

  it("leaves fields under range and with to execution, which reports them as bad usage too", () => {
    const t = template("{{range .Publishers}}{{.Nope}}{{end}}");
    expect(() => renderTemplateRows(t, ROWS)).toThrow(ProjectError);
    expect(() => renderTemplateRows(t, ROWS)).toThrow(/executing "ps" at <\.Nope>: can't evaluate field Nope in type struct/);
  });
});

describe("templated rows", () => {
  it("prints the template once per row, each followed by a newline; typed \\t is a tab", () => {
    expect(renderTemplateRows(template("{{.Name}}\\t{{.ExitCode}}"), ROWS)).toBe("shop-web-1\t0\nshop-db-1\t3\n");
    expect(renderTemplateRows(template("  {{.Name}}  "), ROWS)).toBe("shop-web-1\nshop-db-1\n");
    expect(renderTemplateRows(template("{{json .}}"), ROWS)).toBe(ROWS.map((r) => `${JSON.stringify(r)}\n`).join(""));
    expect(renderTemplateRows(template("{{.Name}}"), [])).toBe("");
  });

  it("a table template gets Docker's titles (or the name split and upper-cased) and aligned columns", () => {
    expect(renderTemplateRows(template("table {{.Name}}\\t{{.RunningFor}}\\t{{.LocalVolumes}}\\t{{.Status}}"), ROWS)).toBe(
      [
        "NAME         CREATED         LOCAL VOLUMES   STATUS",
        "shop-web-1   2 minutes ago   1               Up 2 minutes",
        "shop-db-1    1 hour ago      0               Exited (3) 5 minutes ago",
        "",
      ].join("\n"),
    );
    expect(renderTemplateRows(template("table {{.Name}}\\t{{.Status}}"), [])).toBe("NAME      STATUS\n");
    expect(renderTemplateRows(template("table {{upper .Name}}: {{.ExitCode | printf \"%d\"}}"), ROWS.slice(1))).toBe("NAME: %!d(string=EXIT CODE)\nSHOP-DB-1: 3\n");
  });

  it("stops a header where its template cannot run over the titles, as the docker CLI does", () => {
    expect(renderTemplateRows(template("table {{.Name}}\\t{{range .Publishers}}{{.URL}}{{end}}"), ROWS)).toBe("NAME         \nshop-web-1   0.0.0.0\nshop-db-1    \n");
  });

  it("derives titles from field names", () => {
    expect(["LocalVolumes", "ExitCode", "ConfigFiles", "Name", "ID", "CPUPerc"].map(headerFromName)).toEqual(["LOCAL VOLUMES", "EXIT CODE", "CONFIG FILES", "NAME", "ID", "CPU PERC"]);
  });

  it("formatRows dispatches: the verb's table, its JSON, or the template", () => {
    const draw = { table: () => "T\n", json: () => "J\n" };
    expect(formatRows("table", ROWS, draw)).toBe("T\n");
    expect(formatRows("json", ROWS, draw)).toBe("J\n");
    expect(formatRows(template("{{.ExitCode}}"), ROWS, draw)).toBe("0\n3\n");
  });
});

describe("formatOption", () => {
  const parse = (args: string[], spec?: Parameters<typeof formatOption>[0]) => {
    const cmd = new Command("x").exitOverride().configureOutput({ writeErr: () => {} }).addOption(formatOption(spec));
    cmd.parse(args, { from: "user" });
    return cmd.opts()["format"] as string;
  };

  it("takes the keywords, table templates and templates, table by default", () => {
    expect(parse([])).toBe("table");
    expect(parse(["--format", "json"])).toBe("json");
    expect(parse(["--format", "table {{.Name}}"])).toBe("table {{.Name}}");
    expect(parse(["--format", "{{.Name}}"])).toBe("{{.Name}}");
    expect(parse(["-f", "pretty"], { flags: "-f, --format <FORMAT>", keywords: ["pretty", "json"], defaultValue: "pretty" })).toBe("pretty");
  });

  it("refuses a value that is neither a keyword nor a template, as commander's bad usage", () => {
    expect(() => parse(["--format", "yaml"])).toThrow(CommanderError);
  });
});

describe("goMarshal", () => {
  it("writes compact JSON in the object's key order, HTML-safe as Go's encoding/json", () => {
    expect(goMarshal({ b: "0.0.0.0:80->80/tcp", a: [{ URL: "", Port: 0 }], c: "<&>", d: undefined, e: null, f: true })).toBe(
      '{"b":"0.0.0.0:80-\\u003e80/tcp","a":[{"URL":"","Port":0}],"c":"\\u003c\\u0026\\u003e","e":null,"f":true}',
    );
    expect(goMarshal([])).toBe("[]");
    expect(goMarshal("…\u2028")).toBe('"…\\u2028"');
  });
});
