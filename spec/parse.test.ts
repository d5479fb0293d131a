import { describe, expect, it } from "vitest";
import { Diagnostics } from "./errors.js";
import { pathKey } from "./location.js";
import { parseComposeFile } from "./parse.js";

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

  it("reports a duplicate key with its position", () => {
    const { file, diag } = parse("services:\n  web: {}\n  web: {}\n");
    expect(file).toBeUndefined();
    expect(diag.errors[0]?.describe()).toMatch(/^\/p\/compose.yaml:3:3: invalid YAML: Map keys must be unique/);
  });

  it("reports tab indentation with a hint", () => {
    const { diag } = parse("services:\n\tweb: {}\n");
    expect(diag.errors[0]?.code).toBe("E_YAML_TAB_AS_INDENT");
    expect(diag.errors[0]?.hint).toMatch(/spaces/);
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
