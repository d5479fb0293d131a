import { normalizePath } from "./mem-fs.js";
import { ShellExit, type ShellHost, type ShellIo, type ShellState } from "./shell-types.js";

/** What a simulated command receives. */
export interface CommandContext {
  readonly args: string[];
  readonly state: ShellState;
  readonly host: ShellHost;
  readonly io: ShellIo;
  /** Runs another command line (for `timeout`). */
  run(argv: string[]): Promise<number>;
}

/** A simulated command: resolves with its exit status. */
export type Builtin = (ctx: CommandContext) => Promise<number>;

const out = (ctx: CommandContext, s: string) => ctx.io.stdout(Buffer.from(s));
const err = (ctx: CommandContext, s: string) => ctx.io.stderr(Buffer.from(s));
const path = (ctx: CommandContext, p: string) => normalizePath(p, ctx.state.cwd);

function unescape(s: string): string {
  return s.replace(/\\(n|t|\\)/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
}

function printf(format: string, args: string[]): string {
  let i = 0;
  const once = () => unescape(format).replace(/%([sd%])/g, (_m, c: string) => (c === "%" ? "%" : (args[i++] ?? (c === "d" ? "0" : ""))));
  let result = once();
  while (i < args.length) result += once();
  return result;
}

function test(ctx: CommandContext, args: string[]): boolean {
  if (args[0] === "!") return !test(ctx, args.slice(1));
  const [a, op, b] = args;
  if (args.length === 1) return (a ?? "") !== "";
  if (args.length === 2) {
    const node = ctx.host.fs.stat(path(ctx, op ?? ""));
    switch (a) {
      case "-f":
        return node?.type === "file";
      case "-d":
        return node?.type === "dir";
      case "-e":
        return node !== undefined;
      case "-s":
        return node?.type === "file" && node.data.length > 0;
      case "-z":
        return (op ?? "") === "";
      case "-n":
        return (op ?? "") !== "";
    }
    return false;
  }
  const x = Number(a);
  const y = Number(b);
  const ops: Record<string, () => boolean> = {
    "=": () => a === b,
    "==": () => a === b,
    "!=": () => a !== b,
    "-eq": () => x === y,
    "-ne": () => x !== y,
    "-lt": () => x < y,
    "-le": () => x <= y,
    "-gt": () => x > y,
    "-ge": () => x >= y,
  };
  return ops[op ?? ""]?.() ?? false;
}

async function cat(ctx: CommandContext): Promise<number> {
  const files = ctx.args.filter((a) => a !== "-");
  if (files.length === 0) {
    ctx.io.stdout(await ctx.io.stdin());
    return 0;
  }
  let status = 0;
  for (const f of files) {
    try {
      ctx.io.stdout(ctx.host.fs.read(path(ctx, f)));
    } catch (e) {
      err(ctx, `cat: can't open '${f}': ${(e as Error).message.replace(/^.*: /, "")}\n`);
      status = 1;
    }
  }
  return status;
}

function nslookup(ctx: CommandContext): number {
  const name = ctx.args.find((a) => !a.startsWith("-")) ?? "";
  out(ctx, "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n");
  const ip = ctx.host.lookup(name);
  if (!ip) {
    err(ctx, `** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  out(ctx, `Non-authoritative answer:\nName:\t${name}\nAddress: ${ip}\n\n`);
  return 0;
}

function seconds(spec: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(spec ?? "");
  if (!m) return NaN;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

async function timeout(ctx: CommandContext): Promise<number> {
  const args = ctx.args.filter((a, i) => i > 0 || !a.startsWith("-"));
  const limit = seconds(args[0]);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<number>((r) => (timer = setTimeout(() => r(143), limit * 1000)));
  try {
    return await Promise.race([ctx.run(args.slice(1)), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The commands the memory runtime's containers can run (busybox-like names and output). */
export const BUILTINS: Record<string, Builtin> = {
  true: async () => 0,
  false: async () => 1,
  ":": async () => 0,
  wait: async () => 0,
  export: async (ctx) => {
    for (const a of ctx.args) if (a.includes("=")) ctx.state.vars[a.slice(0, a.indexOf("="))] = a.slice(a.indexOf("=") + 1);
    return 0;
  },
  echo: async (ctx) => {
    const noNewline = ctx.args[0] === "-n";
    out(ctx, (noNewline ? ctx.args.slice(1) : ctx.args).join(" ") + (noNewline ? "" : "\n"));
    return 0;
  },
  printf: async (ctx) => {
    out(ctx, printf(ctx.args[0] ?? "", ctx.args.slice(1)));
    return 0;
  },
  exit: async (ctx) => {
    throw new ShellExit(ctx.args[0] === undefined ? ctx.state.status : Number(ctx.args[0]) & 0xff);
  },
  sleep: async (ctx) => {
    const s = seconds(ctx.args[0]);
    if (Number.isNaN(s)) {
      err(ctx, `sleep: invalid number '${ctx.args[0] ?? ""}'\n`);
      return 1;
    }
    await ctx.host.interruptible(new Promise((r) => setTimeout(r, s * 1000)));
    return 0;
  },
  trap: async (ctx) => {
    const [action, ...signals] = ctx.args;
    for (const s of signals) ctx.host.trap(s, action === "-" ? undefined : action);
    return 0;
  },
  test: async (ctx) => (test(ctx, ctx.args) ? 0 : 1),
  "[": async (ctx) => (test(ctx, ctx.args.slice(0, ctx.args[ctx.args.length - 1] === "]" ? -1 : undefined)) ? 0 : 1),
  cat,
  // One line of stdin into the named variables (REPLY without names); the simulated stdin is
  // read in one go, so what follows that line is not left for a later read.
  read: async (ctx) => {
    const names = ctx.args.filter((a) => !a.startsWith("-"));
    const input = (await ctx.host.interruptible(ctx.io.stdin())).toString("utf8");
    if (input === "") return 1;
    const line = input.split("\n")[0] ?? "";
    const fields = line.trim().split(/\s+/);
    if (names.length === 0) ctx.state.vars["REPLY"] = line;
    names.forEach((n, i) => (ctx.state.vars[n] = i === names.length - 1 ? fields.slice(i).join(" ") : (fields[i] ?? "")));
    return 0;
  },
  nslookup: async (ctx) => nslookup(ctx),
  timeout,
  touch: async (ctx) => {
    for (const f of ctx.args) {
      const p = path(ctx, f);
      const node = ctx.host.fs.stat(p);
      if (node) node.mtime = new Date();
      else ctx.host.fs.write(p, Buffer.alloc(0));
    }
    return 0;
  },
  mkdir: async (ctx) => {
    for (const d of ctx.args.filter((a) => !a.startsWith("-"))) ctx.host.fs.mkdirp(path(ctx, d));
    return 0;
  },
  rm: async (ctx) => {
    const recursive = ctx.args.some((a) => /^-\w*r/i.test(a));
    const force = ctx.args.some((a) => /^-\w*f/.test(a));
    for (const f of ctx.args.filter((a) => !a.startsWith("-"))) {
      try {
        ctx.host.fs.remove(path(ctx, f), recursive);
      } catch (e) {
        if (!force) throw e;
      }
    }
    return 0;
  },
  ls: async (ctx) => {
    const dir = path(ctx, ctx.args.find((a) => !a.startsWith("-")) ?? ".");
    const node = ctx.host.fs.stat(dir);
    if (!node) {
      err(ctx, `ls: ${dir}: No such file or directory\n`);
      return 1;
    }
    out(ctx, node.type === "dir" ? ctx.host.fs.list(dir).map((n) => `${n}\n`).join("") : `${dir}\n`);
    return 0;
  },
  hostname: async (ctx) => (out(ctx, `${ctx.host.hostname}\n`), 0),
  id: async (ctx) => (out(ctx, ctx.args.includes("-u") ? `${ctx.host.uid}\n` : `uid=${ctx.host.uid} gid=${ctx.host.uid}\n`), 0),
  pwd: async (ctx) => (out(ctx, `${ctx.state.cwd}\n`), 0),
  cd: async (ctx) => {
    ctx.state.cwd = path(ctx, ctx.args[0] ?? "/");
    return 0;
  },
  env: async (ctx) => (out(ctx, Object.entries(ctx.state.vars).map(([k, v]) => `${k}=${v}\n`).join("")), 0),
  printenv: async (ctx) => {
    const v = ctx.state.vars[ctx.args[0] ?? ""];
    if (v === undefined) return 1;
    out(ctx, `${v}\n`);
    return 0;
  },
  grep: async (ctx) => {
    const args = ctx.args.filter((a) => !a.startsWith("-"));
    const quiet = ctx.args.includes("-q");
    const [pattern = "", file] = args;
    const input = (file ? ctx.host.fs.read(path(ctx, file)) : await ctx.io.stdin()).toString("utf8");
    const hits = input.split("\n").filter((l) => l.includes(pattern));
    if (!quiet) out(ctx, hits.map((l) => `${l}\n`).join(""));
    return hits.length > 0 ? 0 : 1;
  },
};
