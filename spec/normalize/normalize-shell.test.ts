import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
import { splitShellWords } from "./normalize-shell.js";

describe("splitShellWords", () => {
  it.each([
    ["npm run dev", ["npm", "run", "dev"]],
    ["  spaced \t out\n", ["spaced", "out"]],
    [`sh -c "echo hello world"`, ["sh", "-c", "echo hello world"]],
    [`echo 'it''s' "a \\"b\\""`, ["echo", "its", 'a "b"']],
    [`echo '$HOME \\n'`, ["echo", "$HOME \\n"]],
    [`echo a\\ b`, ["echo", "a b"]],
    [`printf a\\nb`, ["printf", "a\nb"]],
    [`echo "" ''`, ["echo", "", ""]],
    ["echo $(date) `id`", ["echo", "$(date)", "`id`"]],
    ["echo $(date +%s)", ["echo", "$(date +%s)"]],
    ["", []],
  ])("splits %j", (line, words) => {
    expect(splitShellWords(line)).toEqual({ words });
  });

  it("stops at an unquoted shell operator, like Compose, and says what was left off", () => {
    expect(splitShellWords("npm install && npm start")).toEqual({ words: ["npm", "install"], dropped: "&& npm start" });
    expect(splitShellWords("cat a|grep b")).toEqual({ words: ["cat", "a"], dropped: "|grep b" });
    expect(splitShellWords("run 2>/dev/null")).toEqual({ words: ["run"], dropped: "2>/dev/null" });
    expect(splitShellWords(`sh -c "a && b"`)).toEqual({ words: ["sh", "-c", "a && b"] });
    expect(splitShellWords("echo a\\;b")).toEqual({ words: ["echo", "a;b"] });
  });

  it.each([`echo "unclosed`, "echo 'unclosed", "echo trailing\\", "echo (sub)", "echo )"])("rejects %j", (line) => {
    let error: unknown;
    try {
      splitShellWords(line);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as ProjectError).code).toBe("E_COMMAND");
    expect((error as ProjectError).message).toContain(line);
  });
});
