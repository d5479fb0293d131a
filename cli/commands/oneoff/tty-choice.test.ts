import { describe, expect, it } from "vitest";
import { chooseTty } from "./tty-choice.js";

describe("chooseTty", () => {
  it("gives a TTY by default only when both ends are terminals, and forwards stdin", () => {
    expect(chooseTty({ stdoutTty: true, stdinTty: true, interactive: true })).toEqual({ tty: true, forwardStdin: true });
    expect(chooseTty({ stdoutTty: false, stdinTty: true, interactive: true })).toEqual({ tty: false, forwardStdin: true });
  });

  it("pipes rather than opening a TTY when stdin is a pipe or a file", () => {
    expect(chooseTty({ stdoutTty: true, stdinTty: false, interactive: true })).toEqual({ tty: false, forwardStdin: true });
  });

  it("does not need a terminal stdin when stdin is not forwarded", () => {
    expect(chooseTty({ stdoutTty: true, stdinTty: false, interactive: false })).toEqual({ tty: true, forwardStdin: false });
  });

  it("-T refuses a TTY; -t forces one but forwards only a terminal stdin", () => {
    expect(chooseTty({ stdoutTty: true, stdinTty: true, interactive: true, refused: true })).toEqual({ tty: false, forwardStdin: true });
    expect(chooseTty({ stdoutTty: false, stdinTty: false, interactive: true, forced: true })).toEqual({ tty: true, forwardStdin: false });
    expect(chooseTty({ stdoutTty: false, stdinTty: true, interactive: true, forced: true })).toEqual({ tty: true, forwardStdin: true });
  });
});
