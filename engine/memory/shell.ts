import { posix } from "node:path";
import { FsError, normalizePath } from "./mem-fs.js";
import { BUILTINS, type CommandContext } from "./shell-builtins.js";
import { ShellSyntaxError, parseShell, type Redirect, type Script, type ShellNode, type Word } from "./shell-parse.js";
import { ShellExit, type ShellHost, type ShellIo, type ShellState } from "./shell-types.js";

export { ShellExit, type ShellHost, type ShellIo, type ShellState } from "./shell-types.js";

const text = (s: string) => Buffer.from(s);

/**
 * Runs a container command (exec form argv) in the simulator: `sh -c SCRIPT` is interpreted,
 * anything else is run as one command. Resolves with the exit status; `exit` and fatal signals
 * end it early through ShellExit, which this turns into the status.
 */
export async function runArgv(argv: readonly string[], env: Record<string, string>, cwd: string, host: ShellHost, io: ShellIo): Promise<number> {
  const state: ShellState = { vars: { ...env }, cwd: cwd || "/", status: 0 };
  try {
    const [cmd, ...args] = argv;
    if (cmd === undefined) return 0;
    if (posix.basename(cmd) === "sh") {
      const script = args[0] === "-c" ? (args[1] ?? "") : (await io.stdin()).toString("utf8");
      return await runScript(script, state, host, io);
    }
    return await runSimple([...argv], [], state, host, io);
  } catch (e) {
    if (e instanceof ShellExit) return e.code;
    throw e;
  }
}

/** Parses and runs a script in the given state (used by `sh -c` and health checks). */
export async function runScript(script: string, state: ShellState, host: ShellHost, io: ShellIo): Promise<number> {
  let parsed: Script;
  try {
    parsed = parseShell(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    io.stderr(text(`sh: ${e.message}\n`));
    return 2;
  }
  return runList(parsed, state, host, io);
}

async function runList(script: Script, state: ShellState, host: ShellHost, io: ShellIo): Promise<number> {
  for (const { op, node } of script) {
    if (op === "and" && state.status !== 0) continue;
    if (op === "or" && state.status === 0) continue;
    state.status = await runNode(node, state, host, io);
  }
  return state.status;
}

async function runNode(node: ShellNode, state: ShellState, host: ShellHost, io: ShellIo): Promise<number> {
  switch (node.kind) {
    case "simple":
      return runSimple(node.words.flatMap((w) => expandWord(w, state)), node.redirects, state, host, io);
    case "pipeline": {
      let input: Buffer | undefined;
      let status = 0;
      for (const stage of node.stages) {
        const out: Buffer[] = [];
        const fed = input;
        status = await runNode(stage, state, host, { ...io, stdout: (d) => out.push(d), stdin: async () => fed ?? io.stdin() });
        input = Buffer.concat(out);
      }
      io.stdout(input ?? Buffer.alloc(0));
      return status;
    }
    case "loop":
      for (;;) {
        const cond = await runList(node.cond, state, host, io);
        if ((cond === 0) === node.until) return 0;
        await runList(node.body, state, host, io);
        // A body that never waits would starve the event loop; real shells would spin a CPU instead.
        await host.interruptible(new Promise((r) => setTimeout(r, 1)));
      }
    case "if":
      if ((await runList(node.cond, state, host, io)) === 0) return runList(node.then, state, host, io);
      return node.otherwise ? runList(node.otherwise, state, host, io) : 0;
  }
}

/** Expands `$VAR`, `${VAR}`, `$?`, `$$`, `$!` outside single quotes; unquoted results split on spaces. */
export function expandWord(word: Word, state: ShellState): string[] {
  let out = "";
  let splittable = true;
  for (const part of word) {
    if (part.quote === "single") {
      out += part.text;
      splittable = false;
      continue;
    }
    const expanded = part.text.replace(/\$(\{(\w+)\}|(\w+)|\?|\$|!)/g, (m, _b, braced: string | undefined, bare: string | undefined) => {
      if (m === "$?") return String(state.status);
      if (m === "$$") return "1";
      if (m === "$!") return "";
      return state.vars[braced ?? bare ?? ""] ?? "";
    });
    out += expanded;
    if (part.quote === "double") splittable = false;
  }
  if (!splittable) return [out];
  return out.split(/\s+/).filter((s) => s !== "");
}

function redirected(redirects: readonly Redirect[], state: ShellState, host: ShellHost, io: ShellIo): { io: ShellIo; flush: () => void } {
  const files: { path: string; append: boolean; data: Buffer[] }[] = [];
  let stdout = io.stdout;
  let stderr = io.stderr;
  let stdin = io.stdin;
  for (const r of redirects) {
    const target = r.target ? (expandWord(r.target, state)[0] ?? "") : "";
    const path = normalizePath(target, state.cwd);
    const sink = (append: boolean) => {
      if (path === "/dev/null") return () => undefined;
      const file = { path, append, data: [] as Buffer[] };
      files.push(file);
      return (d: Buffer) => void file.data.push(d);
    };
    if (r.op === ">" || r.op === ">>") stdout = sink(r.op === ">>");
    else if (r.op === "2>" || r.op === "2>>") stderr = sink(r.op === "2>>");
    else if (r.op === "2>&1") stderr = stdout;
    else if (r.op === ">&2") stdout = stderr;
    else if (r.op === "<") stdin = async () => (path === "/dev/null" ? Buffer.alloc(0) : host.fs.read(path));
  }
  const flush = () => {
    for (const f of files) host.fs.write(f.path, Buffer.concat(f.data), { append: f.append });
  };
  return { io: { stdout, stderr, stdin }, flush };
}

async function runSimple(argv: string[], redirects: readonly Redirect[], state: ShellState, host: ShellHost, outer: ShellIo): Promise<number> {
  let io: ShellIo = outer;
  let flush = () => undefined as void;
  try {
    ({ io, flush } = redirected(redirects, state, host, outer));
    // `VAR=value` prefixes set shell variables (enough for scripts; not scoped to the command).
    while (argv[0] && /^\w+=/.test(argv[0])) {
      const [k, ...v] = (argv.shift() as string).split("=");
      state.vars[k as string] = v.join("=");
    }
    const [name, ...args] = argv;
    if (name === undefined) {
      flush();
      return 0;
    }
    const builtin = BUILTINS[posix.basename(name)];
    if (!builtin) {
      io.stderr(text(`sh: ${name}: not found\n`));
      return 127;
    }
    const ctx: CommandContext = { args, state, host, io, run: (a) => runSimple(a, [], state, host, io) };
    const status = await builtin(ctx);
    flush();
    return status;
  } catch (e) {
    if (e instanceof FsError) {
      io.stderr(text(`sh: ${e.message}\n`));
      return 1;
    }
    throw e;
  }
}
