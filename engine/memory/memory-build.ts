import { createHash } from "node:crypto";
import { unpackTar, type TarEntry } from "../oneoff/archive.js";
import type { BuildImageOptions } from "../runtime/runtime.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { tagImage } from "./memory-resources.js";
import { normalizeRef, type ImageSeed, type MemoryState } from "./memory-state.js";

/** A build the memory runtime was asked for (the context's file names instead of its bytes). */
export interface RecordedBuild {
  readonly options: Omit<BuildImageOptions, "context" | "signal" | "onOutput">;
  /** Entry names of the context archive, in archive order. */
  readonly files: readonly string[];
  readonly dockerfileText: string;
  /** The new image id; undefined when the build failed. */
  imageId?: string;
}

/** One Dockerfile instruction, continuation lines joined. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly text: string;
}

interface Stage {
  name?: string;
  seed: Mutable<ImageSeed>;
}

/** `T` with its fields writable (an image config being built). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A pretend classic build: reads the Dockerfile from the context archive, walks its stages up to
 * `target`, substitutes build args, applies LABEL/ENV/CMD/ENTRYPOINT/WORKDIR/USER/EXPOSE to the
 * image config, and prints `Step i/N : …` lines like the engine. A RUN of `false` or `exit N`
 * fails as the engine does. The image id digests the Dockerfile, the context and the args, so
 * an unchanged build gives the same id (as the engine's cache does) and a change a new one.
 */
export async function memoryBuild(state: MemoryState, options: BuildImageOptions, record: (b: RecordedBuild) => void): Promise<{ imageId: string }> {
  const entries = await unpackTar(options.context as AsyncIterable<Uint8Array>);
  const { context: _context, signal: _signal, onOutput: _onOutput, ...rest } = options;
  const entry = entries.find((e) => e.name === options.dockerfile);
  const text = entry ? Buffer.from(entry.content ?? []).toString("utf8") : "";
  const recorded: RecordedBuild = { options: rest, files: entries.map((e) => e.name), dockerfileText: text };
  record(recorded);
  if (!entry) throw new RuntimeError("other", `Cannot locate specified Dockerfile: ${options.dockerfile}`, { status: 500 });
  const out = (line: string) => options.onOutput?.(line);
  const instructions = parseDockerfile(text);
  const stage = runStages(state, instructions, options, out);
  const id = commit(state, stage.seed, options, digest(entries, options));
  out(`Successfully built ${id.slice(7, 19)}`);
  for (const tag of options.tags) out(`Successfully tagged ${normalizeRef(tag)}`);
  recorded.imageId = id;
  return { imageId: id };
}

/** Joins `\` continuations and drops comments and blank lines. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    const m = /^(\S+)\s*(.*)$/.exec(full);
    if (m?.[1]) out.push({ keyword: m[1].toUpperCase(), args: m[2] ?? "", text: full });
  }
  return out;
}

function runStages(state: MemoryState, instructions: readonly Instruction[], o: BuildImageOptions, out: (l: string) => void): Stage {
  const stages: Stage[] = [];
  const args = new Map<string, string>();
  let current: Stage | undefined;
  let step = 0;
  for (const ins of instructions) {
    if (ins.keyword === "FROM" && current?.name !== undefined && current.name === o.target) break;
    step += 1;
    out(`Step ${step}/${instructions.length} : ${ins.text}`);
    const value = expand(ins.args, args);
    if (ins.keyword === "ARG") {
      const [name = "", def] = splitOnce(ins.args, "=");
      const given = o.buildArgs?.[name] ?? (def !== undefined ? expand(def, args) : undefined);
      if (given !== undefined) args.set(name, given);
    } else if (ins.keyword === "FROM") {
      current = fromStage(state, value, stages, o);
      stages.push(current);
    } else if (current) {
      applyInstruction(current.seed, ins.keyword, value);
    }
    if (ins.keyword === "RUN") failingRun(value);
  }
  if (o.target && !stages.some((s) => s.name === o.target)) {
    throw new RuntimeError("other", `failed to reach build target ${o.target} in Dockerfile`, { status: 500 });
  }
  if (!current) throw new RuntimeError("other", "No build stage in current context", { status: 500 });
  return current;
}

function fromStage(state: MemoryState, value: string, stages: readonly Stage[], o: BuildImageOptions): Stage {
  const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(value);
  const ref = m?.[1] ?? "";
  const name = m?.[2];
  const previous = stages.find((s) => s.name === ref);
  let base: ImageSeed | undefined;
  if (previous) base = previous.seed;
  else if (ref === "scratch") base = { ref: "scratch" };
  else base = (o.pull ? state.registry.get(normalizeRef(ref)) : undefined) ?? state.findImage(ref)?.seed ?? state.registry.get(normalizeRef(ref));
  if (!base) throw new RuntimeError("other", `pull access denied for ${ref}, repository does not exist or may require 'docker login'`, { status: 404 });
  const { buildDigest: _d, ...seed } = base;
  return { ...(name ? { name } : {}), seed: { ...seed, labels: { ...seed.labels }, env: [...(seed.env ?? [])] } };
}

/**
 * Applies one config instruction (LABEL, ENV, CMD, ENTRYPOINT, WORKDIR, USER, EXPOSE) to an image
 * config, as a build step or a commit's `--change` does; other keywords change nothing.
 */
export function applyInstruction(seed: Mutable<ImageSeed>, keyword: string, value: string): void {
  const pairs = () => keyValues(value);
  if (keyword === "LABEL") seed.labels = { ...seed.labels, ...Object.fromEntries(pairs()) };
  else if (keyword === "ENV") {
    const env = (seed.env ?? []).filter((e) => !pairs().some(([k]) => e.startsWith(`${k}=`)));
    seed.env = [...env, ...pairs().map(([k, v]) => `${k}=${v}`)];
  } else if (keyword === "CMD") seed.cmd = command(value);
  else if (keyword === "ENTRYPOINT") seed.entrypoint = command(value);
  else if (keyword === "WORKDIR") seed.workingDir = value;
  else if (keyword === "USER") seed.user = value;
  else if (keyword === "EXPOSE") seed.exposedPorts = [...(seed.exposedPorts ?? []), ...value.split(/\s+/).map((p) => (p.includes("/") ? p : `${p}/tcp`))];
}

function failingRun(command: string): void {
  const m = /(?:^|[;&|]\s*)(false|exit\s+([1-9]\d*))\s*$/.exec(command.trim());
  if (!m) return;
  const code = m[2] ?? "1";
  throw new RuntimeError("other", `The command '/bin/sh -c ${command.trim()}' returned a non-zero code: ${code}`, { status: 500 });
}

function commit(state: MemoryState, seed: ImageSeed, o: BuildImageOptions, buildDigest: string): string {
  const [first, ...others] = o.tags.length > 0 ? o.tags : [`sha256:${buildDigest}`];
  const image = state.addImage({ ...seed, ref: first ?? "", labels: { ...seed.labels, ...o.labels }, buildDigest });
  for (const tag of others) {
    const full = normalizeRef(tag);
    const colon = full.lastIndexOf(":");
    tagImage(state, image.id, full.slice(0, colon), full.slice(colon + 1));
  }
  state.events.emit("image", "tag", image.id, { name: normalizeRef(first ?? "") });
  return image.id;
}

function digest(entries: readonly TarEntry[], o: BuildImageOptions): string {
  const h = createHash("sha256");
  for (const e of entries) h.update(`${e.name}\0${e.type}\0${e.linkTarget ?? ""}\0`).update(e.content ?? new Uint8Array());
  h.update(JSON.stringify([o.dockerfile, o.buildArgs ?? {}, o.target ?? "", o.labels ?? {}]));
  return h.digest("hex");
}

function expand(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string) => args.get(a ?? b ?? "") ?? (args.has(a ?? b ?? "") ? "" : whole));
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text.trim(), undefined] : [text.slice(0, i).trim(), text.slice(i + 1)];
}

/** `K=V K2="v 2"` (or the legacy `K V`) pairs, quotes removed. */
function keyValues(value: string): [string, string][] {
  if (!value.includes("=")) {
    const [k = "", v = ""] = splitOnce(value, " ");
    return [[k, v.trim()]];
  }
  const out: [string, string][] = [];
  for (const m of value.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    out.push([m[1] ?? "", (m[2] ?? "").replace(/^(["'])(.*)\1$/, "$2")]);
  }
  return out;
}

function command(value: string): string[] {
  if (value.startsWith("[")) {
    try {
      return JSON.parse(value) as string[];
    } catch {
      // shell form after all
    }
  }
  return ["/bin/sh", "-c", value];
}
