import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("--format templates");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("format-templates");
const project = projects.next("tsc-format");
const run = (args: readonly string[], env?: Readonly<Record<string, string>>) => compose(dir, project, ["-f", "compose.yaml", ...args], env ? { env } : {});

describe("a bad --format template is bad usage, found before the engine is contacted", () => {
  // Nothing listens there: an engine error would be exit 1 and say so.
  const nowhere = { DOCKER_HOST: "unix:///nonexistent.sock" };

  it("an unknown function, an unknown field and bad syntax exit 2 with the template's message", async () => {
    const fn = await run(["ps", "--format", "{{.Name | foo}}"], nowhere);
    expectExit(fn, 2);
    expect(fn.stderr).toContain('template: ps:1:11: function "foo" not defined');
    expect(fn.stderr).not.toMatch(/nonexistent|engine/i);

    const field = await run(["ps", "--format", "table {{.Nam}}\\t{{.Status}}"], nowhere);
    expectExit(field, 2);
    expect(field.stderr).toContain("template: ps:1:3: can't evaluate field Nam in type container");
    expect(field.stderr).toContain("hint: A ps template can use the fields .Command, .CreatedAt,");

    for (const verb of ["ls", "images", "volumes", "stats"]) {
      const syntax = await run([verb, "--format", "{{if .Name}}"], nowhere);
      expectExit(syntax, 2);
      expect(syntax.stderr).toContain(`template: ${verb}:1:13: unexpected EOF`);
    }
  });

  it("a value that is neither a format nor a template is refused", async () => {
    const r = await run(["ps", "--format", "yaml"], nowhere);
    expectExit(r, 2);
    expect(r.stderr).toContain("yaml");
  });
});

describe("version --format (no engine)", () => {
  it("runs a template over { Version }", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "tsc-format-"));
    const r = await compose(dir, project, ["version", "--format", "{{.Version}}"], { cwd: empty, env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    const json = await compose(dir, project, ["version", "-f", "json"], { cwd: empty });
    expect(r.stdout.trim()).toBe((JSON.parse(json.stdout) as { version: string }).version);
  });
});

describe.skipIf(!engine)("--format templates on a real engine", () => {
  beforeAll(async () => {
    expectExit(await run(["up", "-d"]), 0);
  });
  afterAll(async () => {
    await projects.cleanup();
  });

  it("ps runs a template per container", async () => {
    const r = await run(["ps", "--format", "{{.Service}} {{.State}}"]);
    expectExit(r, 0);
    expect(r.stdout).toBe("app running\ncache running\n");
  });

  it("ps 'table …' prints Docker's titles and aligned columns", async () => {
    const r = await run(["ps", "--format", "table {{.Name}}\\t{{.Status}}"]);
    expectExit(r, 0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME {3,}STATUS$/);
    expect(lines.slice(1)).toHaveLength(2);
    const at = lines[0]?.indexOf("STATUS");
    lines.slice(1).forEach((l, i) => {
      expect(l).toMatch(new RegExp(`^${project}-${["app", "cache"][i]}-1 +Up `));
      expect(l.indexOf("Up ")).toBe(at);
    });
  });

  it("ps '{{json .}}' prints exactly what --format json prints", async () => {
    const json = await run(["ps", "--format", "json"]);
    const templated = await run(["ps", "--format", "{{json .}}"]);
    expectExit(templated, 0);
    // RunningFor may tick over between the two runs.
    const stable = (s: string) => s.replace(/"RunningFor":"[^"]*"/g, '"RunningFor":""');
    expect(stable(templated.stdout)).toBe(stable(json.stdout));
    expect(templated.stdout.split("\n")).toHaveLength(3);
  });

  it("ps: -q still wins over --format; ranges and functions work over real rows", async () => {
    const quiet = await run(["ps", "-q", "--format", "{{.Name}}"]);
    expect(quiet.stdout.trim().split("\n")).toHaveLength(2);
    expect(quiet.stdout).toMatch(/^[0-9a-f]{64}\n/);
    const r = await run(["ps", "--format", '{{upper .Service}}:{{if eq .State "running"}}up{{end}}:{{truncate .ID 12}}:{{.Mounts}}']);
    // .Mounts is cut to 15 characters, as in Compose (`--no-trunc` keeps it whole).
    expect(r.stdout).toMatch(new RegExp(`^APP:up:[0-9a-f]{12}:${`${project}_data`.slice(0, 14)}…\nCACHE:up:[0-9a-f]{12}:\n$`));
  });

  it("ls, images, volumes and stats run templates over their JSON objects", async () => {
    const ls = await run(["ls", "--format", "{{.Name}}", "--filter", `name=^${project}$`]);
    expectExit(ls, 0);
    expect(ls.stdout).toBe(`${project}\n`);

    const images = await run(["images", "--format", "{{.ContainerName}} {{.Repository}}:{{.Tag}}"]);
    expectExit(images, 0);
    expect(images.stdout).toBe(`${project}-app-1 tscompose-busybox:latest\n${project}-cache-1 tscompose-busybox:latest\n`);

    const volumes = await run(["volumes", "--format", "table {{.Name}}\\t{{.Driver}}"]);
    expectExit(volumes, 0);
    expect(volumes.stdout).toBe(`VOLUME NAME${" ".repeat(project.length + 5 + 3 - 11)}DRIVER\n${project}_data   local\n`);

    const stats = await run(["stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}"]);
    expectExit(stats, 0);
    expect(stats.stdout).toMatch(new RegExp(`^${project}-app-1 \\d+\n${project}-cache-1 \\d+\n$`));
  });

  it("a field unknown under range is reported when the first row runs, still exit 2", async () => {
    const r = await run(["ps", "--format", "{{range .Publishers}}{{.Nope}}{{end}}{{with .Name}}{{.Bad}}{{end}}"]);
    expectExit(r, 2);
    expect(r.stderr).toContain(`executing "ps" at <.Bad>: can't evaluate field Bad in type string`);
  });
});
