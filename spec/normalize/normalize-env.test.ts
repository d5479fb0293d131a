import { describe, expect, it } from "vitest";
import { normalizeForTest as run } from "../../test/kits/normalize-kit.js";

const web = (service: Record<string, unknown>, files: Record<string, string> = {}, env: Record<string, string> = {}) =>
  run({ services: { web: service } } as never, { files, env });

describe("normalizeProject: environment", () => {
  it("turns a list into a map and stringifies numbers and booleans like Compose", () => {
    const { project } = web({ environment: ["A=1", "B=x=y", "EMPTY="] });
    expect(project.services["web"]?.environment).toEqual({ A: "1", B: "x=y", EMPTY: "" });
    expect(web({ environment: { N: 3, F: 1.5, T: true, OFF: false } }).project.services["web"]?.environment).toEqual({
      N: "3",
      F: "1.5",
      T: "true",
      OFF: "false",
    });
  });

  it("resolves bare names from the shell/.env and keeps unset ones as null (Compose 2.40: sent bare, unset in the container)", () => {
    const { project } = web({ environment: ["HOME_DIR", "MISSING"] }, {}, { HOME_DIR: "/home/me" });
    expect(project.services["web"]?.environment).toEqual({ HOME_DIR: "/home/me", MISSING: null });
    expect(web({ environment: { TOKEN: null } }, {}, { TOKEN: "t" }).project.services["web"]?.environment).toEqual({ TOKEN: "t" });
  });

  it("omits the attribute when there is nothing, and keeps a lone unset name", () => {
    expect(web({ image: "x" }).project.services["web"]).not.toHaveProperty("environment");
    expect(web({ environment: ["UNSET"] }).project.services["web"]?.environment).toEqual({ UNSET: null });
  });
});

describe("normalizeProject: env_file", () => {
  const files = {
    "/proj/.env.base": "A=base\nB=base\nDB_HOST=db\n",
    "/proj/.env.local": "B=local\nURL=postgres://${DB_HOST}/app\n",
    "/proj/raw.env": "RAW=$NOT_EXPANDED 'quoted'\n",
  };

  it("reads files in order (later wins), applies environment on top, and drops env_file", () => {
    const { project, diag } = web({ env_file: [".env.base", "./.env.local"], environment: { A: "explicit" } }, files);
    expect(diag.errors).toEqual([]);
    expect(project.services["web"]?.environment).toEqual({ A: "explicit", B: "local", DB_HOST: "db", URL: "postgres://db/app" });
    expect(project.services["web"]).not.toHaveProperty("env_file");
  });

  it("accepts a single string and the long form with format: raw", () => {
    expect(web({ env_file: ".env.base" }, files).project.services["web"]?.environment).toEqual({ A: "base", B: "base", DB_HOST: "db" });
    expect(web({ env_file: [{ path: "raw.env", format: "raw" }] }, files).project.services["web"]?.environment).toEqual({
      RAW: "$NOT_EXPANDED 'quoted'",
    });
  });

  it("lets env files see the shell and earlier files for interpolation", () => {
    const { project } = web({ env_file: ["a.env", "b.env"] }, { "/proj/a.env": "X=1\n", "/proj/b.env": "Y=${X}-${SHELL_VAR}\n" }, { SHELL_VAR: "s" });
    expect(project.services["web"]?.environment).toEqual({ X: "1", Y: "1-s" });
  });

  it("unsets a variable an env file set when environment names it bare and it is unset (as Compose)", () => {
    expect(web({ env_file: ".env.base", environment: ["A"] }, files).project.services["web"]?.environment).toEqual({
      A: null,
      B: "base",
      DB_HOST: "db",
    });
  });

  it("skips a missing optional file", () => {
    const { project, diag } = web({ env_file: [{ path: "missing.env", required: false }, ".env.base"] }, files);
    expect(diag.errors).toEqual([]);
    expect(project.services["web"]?.environment).toEqual({ A: "base", B: "base", DB_HOST: "db" });
  });

  it("reports a missing required file with its absolute path, where it is written, and a hint", () => {
    const { diag } = run("services:\n  web:\n    image: x\n    env_file:\n      - .env.base\n      - path: secrets/.env\n", { files });
    expect(diag.errors).toHaveLength(1);
    const e = diag.errors[0];
    expect(e).toMatchObject({ code: "E_ENV_FILE_NOT_FOUND", path: ["services", "web", "env_file", 1], location: { line: 6, column: 9 } });
    expect(e?.message).toBe("env file /proj/secrets/.env not found");
    expect(e?.hint).toMatch(/required: false/);
  });

  it("rejects an unknown format", () => {
    const { diag } = web({ env_file: [{ path: ".env.base", format: "json" }] }, files);
    expect(diag.errors[0]).toMatchObject({ code: "E_ENV_FILE_FORMAT", path: ["services", "web", "env_file", 0, "format"] });
  });
});

describe("normalizeProject: label_file", () => {
  it("reads label files under labels and keeps their absolute paths in label_file (hashed, not printed)", () => {
    const { project } = web({ label_file: "./labels.env", labels: { b: "explicit" } }, { "/proj/labels.env": "a=file\nb=file\n" });
    expect(project.services["web"]?.labels).toEqual({ a: "file", b: "explicit" });
    expect(project.services["web"]?.label_file).toEqual(["/proj/labels.env"]);
  });

  it("reports a missing label file", () => {
    expect(web({ label_file: ["nope.env"] }).diag.errors[0]).toMatchObject({ code: "E_ENV_FILE_NOT_FOUND", message: "label file /proj/nope.env not found" });
  });
});
