import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { pathKey } from "../location.js";
import { parseComposeFile } from "./parse.js";
import { parseDetailed } from "./parse-detailed.js";

function parse(text: string) {
  const diag = new Diagnostics();
  const file = parseComposeFile(text, "/p/compose.yaml", diag);
  return { file, diag };
}

describe("parseComposeFile", () => {
  it("keeps line and column of keys and values", () => {
    const { file } = parse("services:\n  web:\n    image: nginx\n");
    expect(file?.sources.locate(["services", "web", "image"])).toEqual({ file: "/p/compose.yaml", line: 3, column: 12 });
    expect(file?.sources.locateKey(["services", "web", "image"])).toEqual({ file: "/p/compose.yaml", line: 3, column: 5 });
  });

  it("reports a duplicate key with its path, position and the line of the first one", () => {
    const { file, diag } = parse("services:\n  web: {}\n  db:\n    - a: 1\n      a: 2\n  web: {}\n");
    expect(file).toBeUndefined();
    expect(diag.errors.map((e) => e.describe())).toEqual([
      '/p/compose.yaml:5:7 services.db[0].a: duplicate key "a" (first defined at line 4)',
      '/p/compose.yaml:6:3 services.web: duplicate key "web" (first defined at line 2)',
    ]);
  });

  it("reports tab indentation once, with a hint", () => {
    const { diag } = parse("services:\n\tweb:\n\t\timage: x\n");
    expect(diag.errors).toHaveLength(1);
    expect(diag.errors[0]?.code).toBe("E_YAML_TAB_AS_INDENT");
    expect(diag.errors[0]?.describe()).toBe("/p/compose.yaml:2:1: invalid YAML: Tabs are not allowed as indentation");
    expect(diag.errors[0]?.hint).toMatch(/spaces/);
  });

  it("names a stray closing bracket", () => {
    const { diag } = parse("services:\n  web:\n    command: [a]]\n");
    expect(diag.errors.map((e) => [e.describe(), e.hint])).toEqual([
      ['/p/compose.yaml:3:17: invalid YAML: unexpected "]"', 'Remove the stray "]", or add the "[" it should close.'],
    ]);
  });

  it("points an unclosed bracket at where it opens", () => {
    const seq = parse("services:\n  web:\n    ports: [\"80:80\"\n  db: {}\n").diag.errors;
    expect(seq.map((e) => [e.describe(), e.hint])).toEqual([
      ['/p/compose.yaml:3:12: invalid YAML: the "[" opened here is never closed', 'Add the missing "]" at the end of the list.'],
    ]);
    const map = parse("a: {x: 1\nb: 2\n").diag.errors;
    expect(map.map((e) => [e.describe(), e.hint])).toEqual([
      ['/p/compose.yaml:1:4: invalid YAML: the "{" opened here is never closed', 'Add the missing "}" at the end of the mapping.'],
    ]);
  });

  it("reports an alias to an undefined anchor with the nearest anchor, without crashing", () => {
    const { diag } = parse("x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *comon\n    image: x\n");
    expect(diag.errors.map((e) => [e.describe(), e.hint])).toEqual([
      [
        '/p/compose.yaml:5:9: invalid YAML: alias "*comon" refers to an undefined anchor',
        'Did you mean "*common"? An alias must name an anchor (&name) defined earlier in the file.',
      ],
    ]);
    expect(parse("services:\n  web:\n    image: *nope\n").diag.errors[0]?.hint).toBe(
      "An alias must name an anchor (&name) defined earlier in the file.",
    );
  });

  it("reads leading-zero integers as octal in both parsers", () => {
    expect(parse("secrets:\n  s:\n    mode: 0440\n").file?.data["secrets"]).toEqual({ s: { mode: 0o440 } });
    expect(parseDetailed("a: 01777\nb: '01777'\n", "f", new Diagnostics())?.data).toEqual({ a: 0o1777, b: "01777" });
  });

  it("resolves anchors, aliases and merge keys with explicit keys winning", () => {
    const { file } = parse(
      "x-base: &base\n  image: busybox\n  restart: always\nservices:\n  a:\n    <<: *base\n    restart: 'no'\n",
    );
    expect(file?.data["services"]).toEqual({ a: { restart: "no", image: "busybox" } });
    expect(file?.sources.locate(["services", "a", "image"])?.line).toBe(2);
  });

  it("records !reset and !override tags by path", () => {
    const { file, diag } = parse("services:\n  a:\n    ports: !reset []\n    command: !override [sh]\n");
    expect(diag.warnings).toEqual([]);
    expect(file?.tags.get(pathKey(["services", "a", "ports"]))).toBe("reset");
    expect(file?.tags.get(pathKey(["services", "a", "command"]))).toBe("override");
  });

  it("rejects an empty file and a non-mapping top level", () => {
    expect(parse("").diag.errors[0]?.code).toBe("E_EMPTY_FILE");
    expect(parse("- a\n").diag.errors[0]?.code).toBe("E_NOT_A_MAPPING");
  });
});
