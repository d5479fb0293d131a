import { describe, expect, it } from "vitest";
import { validateLines as check, type Reported } from "../../test/kits/validate-kit.js";

/** The single problem reported for the input. */
function one(...lines: string[]): Reported {
  const all = check(...lines);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe("validateModel: hints", () => {
  it("shows the mapping form of a top-level section written as a list, named after its first entry", () => {
    expect(one("services:", "  - web", "  - db")).toMatchObject({
      path: "services",
      message: "must be a mapping, found a list",
      hint: 'Write each service as a mapping key, e.g. "web:" with its attributes indented below.',
    });
    expect(one("services:", "  web:", "    image: nginx", "secrets:", "  - {db_password: {file: ./pw}}")).toMatchObject({
      hint: 'Write each secret as a mapping key, e.g. "db_password: {file: ./db_password.txt}".',
    });
  });

  it("suggests the one allowed word a value is the start or the end of", () => {
    const text = ["services:", "  web:", "    image: nginx", "    depends_on:", "      db:", "        condition: healthy", "  db:", "    image: postgres"];
    expect(one(...text)).toMatchObject({ path: "services.web.depends_on.db.condition", hint: 'did you mean "service_healthy"?' });
    // "service" starts all three conditions: no single guess.
    text[5] = "        condition: service";
    expect(one(...text)).toEqual({
      code: "E_SCHEMA_ENUM",
      at: "compose.yaml:6:20",
      path: "services.web.depends_on.db.condition",
      message: 'must be one of: service_started, service_healthy, service_completed_successfully, found "service"',
    });
  });

  it("says what was found, without a hint, when no allowed value is near", () => {
    expect(one("services:", "  web:", "    image: nginx", "    pull_policy: sometimes")).toEqual({
      code: "E_SCHEMA_PATTERN",
      at: "compose.yaml:4:18",
      path: "services.web.pull_policy",
      message:
        "must be one of: always, never, missing, if_not_present, build, refresh, daily, weekly, every_<duration> (e.g. every_12h), " +
        'found "sometimes"',
    });
  });

  it("reports a misspelt required key once, as unknown with a suggestion", () => {
    const text = ["services:", "  web:", "    image: nginx", "    depends_on:", "      db:", "        condtion: service_healthy", "  db:", "    image: postgres"];
    expect(check(...text)).toEqual([
      {
        code: "E_SCHEMA_UNKNOWN_KEY",
        at: "compose.yaml:6:9",
        path: "services.web.depends_on.db.condtion",
        message: 'unknown key "condtion"',
        hint: 'did you mean "condition"?',
      },
    ]);
    // An unrelated unknown key does not hide the missing one.
    text[5] = "        state: service_healthy";
    expect(check(...text).map((r) => r.message)).toEqual(['missing required key "condition"', 'unknown key "state"']);
  });
});
