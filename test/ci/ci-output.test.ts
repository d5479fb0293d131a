import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { Projects, expectExit, fixture, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("CI: output without a TTY");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("ci-output");

/** What a CI runner typically sets: a colour-capable TERM, CI and a CI vendor flag, but pipes, not a TTY. */
const CI_ENV = { CI: "true", GITHUB_ACTIONS: "true", TERM: "xterm-256color" };
const ESC = "\u001b[";
/** Spinner frames of listr2/cli-spinners (braille dots) and Compose's done/error marks. */
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏⣾⣽⣻⢿⡿⣟⣯⣷✔✘]/;
const STAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S/;

/** `tscompose -p PROJECT ARGS` with no --progress flag, as a CI script would run it. */
function ci(project: string, args: readonly string[], env: Record<string, string> = {}) {
  return runBin("tscompose", dir, ["-p", project, ...args], { ...CI_ENV, ...env });
}

function expectPlainLines(text: string): string[] {
  expect(text).not.toContain(ESC);
  expect(text).not.toMatch(SPINNER);
  // A carriage return is how a live display redraws a line.
  expect(text).not.toContain("\r");
  return text.split("\n").filter((l) => l !== "");
}

describe.skipIf(!engine)("CI: output without a TTY", () => {
  afterEach(() => projects.cleanup());

  it("up -d and down print one plain timestamped line per event: no ANSI escape, no spinner", async () => {
    const project = projects.next("tsc-ci-plain");
    const up = await ci(project, ["up", "-d"]);
    expectExit(up, 0);
    expect(up.stdout).toBe("");
    const lines = expectPlainLines(up.stderr);
    for (const line of lines) expect(line).toMatch(STAMPED);
    // One line per event: each container's "Started" appears exactly once.
    for (const s of ["first", "second"]) expect(lines.filter((l) => l.endsWith(`Container ${project}-${s}-1  Started`))).toHaveLength(1);

    const down = await ci(project, ["down"]);
    expectExit(down, 0);
    const downLines = expectPlainLines(down.stderr);
    for (const line of downLines) expect(line).toMatch(STAMPED);
    expect(downLines.some((l) => l.endsWith(`Network ${project}_default  Removed`))).toBe(true);
  });

  it("attached up prints the containers' output with plain prefixes, no colour", async () => {
    const project = projects.next("tsc-ci-attached");
    const r = await ci(project, ["up"]);
    expectExit(r, 0);
    const out = expectPlainLines(r.stdout);
    // Compose pads a prefix to the longest name that has printed so far: the width depends on who spoke first.
    expect(out.some((l) => /^first-1 {2,3}\| first says hello$/.test(l)), out.join("\n")).toBe(true);
    expect(out).toContain("second-1  | warning");
    expect(out).toContain("second-1 exited with code 0");
    for (const line of expectPlainLines(r.stderr)) expect(line).toMatch(STAMPED);
  });

  it("colour only when asked: --ansi always colours the log prefixes, NO_COLOR still wins", async () => {
    const project = projects.next("tsc-ci-ansi");
    const asked = await ci(project, ["--ansi", "always", "up"]);
    expectExit(asked, 0);
    expect(asked.stdout).toContain(ESC);
    expect(asked.stdout).not.toMatch(SPINNER);
    const refused = await ci(project, ["--ansi", "always", "up"], { NO_COLOR: "1" });
    expectExit(refused, 0);
    expectPlainLines(refused.stdout + refused.stderr);
  });
});
