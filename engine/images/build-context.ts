import { createHash } from "node:crypto";
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import dockerignore, { type Ignore } from "@balena/dockerignore";
import { pack, type Pack } from "tar-stream";
import { ComposeError } from "../../spec/errors.js";
import { isRemoteContext } from "../../spec/normalize/normalize-paths.js";
import { writeEntry, writeHostEntries, type HostEntry } from "../oneoff/tar-entries.js";

// The package is CommonJS (`module.exports = factory`) while its typings declare a default export.
const newIgnore = ((dockerignore as unknown as { default?: unknown }).default ?? dockerignore) as unknown as () => Ignore;

/** What to send: a context directory and its Dockerfile (a path, or inline text). */
export interface BuildContextOptions {
  /** The context directory (absolute). A git or other URL context is refused. */
  readonly contextDir: string;
  /** The Dockerfile as written: relative to the context, or absolute (may lie outside it). Default `Dockerfile`. */
  readonly dockerfile?: string;
  /** `dockerfile_inline`: sent as a generated Dockerfile entry instead of `dockerfile`. */
  readonly dockerfileInline?: string;
}

/** A build context ready to stream. */
export interface BuildContext {
  /** The tar archive, produced lazily as the engine reads it; a file read error surfaces as a stream error. */
  readonly tar: Readable;
  /** The Dockerfile's path inside the archive (the engine's `dockerfile` parameter). */
  readonly dockerfile: string;
  /** The ignore file that applied (absolute path), if any. */
  readonly ignoreFile?: string;
}

/** A Dockerfile generated into the archive (inline text, or one from outside the context). */
interface GeneratedDockerfile {
  readonly name: string;
  readonly content: Buffer;
}

/**
 * Streams `contextDir` as a tar archive for the engine's `/build`, as `docker build` does:
 * `<Dockerfile>.dockerignore` (else `.dockerignore`) excludes paths, with `!` exceptions re-adding
 * paths inside excluded directories; the Dockerfile and `.dockerignore` are always sent (the
 * engine hides them from COPY when they are excluded). Symlinks are stored as links and never
 * followed; nothing is copied to a temporary tree. A Dockerfile outside the context or given
 * inline becomes a `.dockerfile.<hash>` entry, listed in a generated `.dockerignore` so that
 * `COPY . .` does not pick it up. Entries are in sorted order with uid/gid 0.
 */
export async function createBuildContext(options: BuildContextOptions): Promise<BuildContext> {
  const contextDir = options.contextDir;
  if (isRemoteContext(contextDir)) {
    throw new ComposeError("E_BUILD_REMOTE_CONTEXT", `build context ${contextDir} is a URL or git repository, and only local directories are supported`, {
      hint: "Clone the repository and point `build.context` at the local directory.",
    });
  }
  const contextStat = await stat(contextDir).catch(() => undefined);
  if (!contextStat?.isDirectory()) {
    throw new ComposeError("E_BUILD_CONTEXT", `build context ${contextDir} is not a directory`, { hint: "Check `build.context` (relative paths start from the project directory)." });
  }
  const { inTar, absolute, generated } = await locateDockerfile(contextDir, options);
  const ignoreFile = await findIgnoreFile(contextDir, absolute);
  const patterns = ignoreFile ? parseIgnore(await readFile(ignoreFile, "utf8")) : [];
  const extra: GeneratedDockerfile[] = generated
    ? [generated, { name: ".dockerignore", content: Buffer.from([...patterns, ".dockerignore", generated.name].join("\n") + "\n") }]
    : [];
  const filter: WalkFilter = {
    ig: newIgnore().add(patterns),
    hasExceptions: patterns.some((p) => p.startsWith("!")),
    keep: new Set(generated ? [] : [inTar, ".dockerignore"]),
    skip: new Set(generated ? [".dockerignore"] : []),
  };
  const tar = pack();
  void produce(tar, contextDir, filter, extra);
  return { tar: Readable.from(tar, { objectMode: false }), dockerfile: inTar, ...(ignoreFile ? { ignoreFile } : {}) };
}

/** Where the Dockerfile is, and whether it must be generated into the archive. */
async function locateDockerfile(
  contextDir: string,
  options: BuildContextOptions,
): Promise<{ inTar: string; absolute?: string; generated?: GeneratedDockerfile }> {
  if (options.dockerfileInline !== undefined) {
    const content = Buffer.from(options.dockerfileInline);
    const name = `.dockerfile.${hash(content)}`;
    return { inTar: name, generated: { name, content } };
  }
  const absolute = path.resolve(contextDir, options.dockerfile ?? "Dockerfile");
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ComposeError("E_BUILD_DOCKERFILE", `Dockerfile ${absolute} does not exist`, {
      hint: "Check `build.dockerfile`: it is relative to the build context.",
    });
  }
  const rel = path.relative(contextDir, absolute);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    const content = await readFile(absolute);
    const name = `.dockerfile.${hash(content)}`;
    return { inTar: name, absolute, generated: { name, content } };
  }
  return { inTar: toPosix(rel), absolute };
}

/** `<Dockerfile>.dockerignore` first (BuildKit's rule), else the context's `.dockerignore`. */
async function findIgnoreFile(contextDir: string, dockerfile: string | undefined): Promise<string | undefined> {
  const candidates = [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), path.join(contextDir, ".dockerignore")];
  for (const file of candidates) {
    if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  }
  return undefined;
}

/**
 * `.dockerignore` lines as Docker reads them: comments and blank lines dropped, whitespace
 * trimmed, a leading `/` removed (patterns are relative to the context root either way).
 */
export function parseIgnore(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (negated) line = line.slice(1).trim();
    line = line.replace(/^\/+/, "");
    if (line === "") continue;
    out.push(negated ? `!${line}` : line);
  }
  return out;
}

interface WalkFilter {
  readonly ig: Ignore;
  /** Some pattern starts with `!`: an excluded directory must still be walked. */
  readonly hasExceptions: boolean;
  /** Paths sent even when excluded (the Dockerfile, `.dockerignore`). */
  readonly keep: ReadonlySet<string>;
  /** Paths never sent from the tree (replaced by a generated entry). */
  readonly skip: ReadonlySet<string>;
}

async function produce(tar: Pack, contextDir: string, filter: WalkFilter, extra: readonly GeneratedDockerfile[]): Promise<void> {
  try {
    const entries: HostEntry[] = [];
    await walk(entries, contextDir, "", filter);
    await writeHostEntries(tar, entries, ROOT);
    for (const g of extra) await writeEntry(tar, { name: g.name, type: "file", mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, size: g.content.length }, g.content);
    tar.finalize();
  } catch (error) {
    tar.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Entries are owned by root, as `docker build` sends them. */
const ROOT = { uid: 0, gid: 0 };

/** Lists the entries of `dir` (relative `rel`) into `out`, sorted, parents before children. */
async function walk(out: HostEntry[], root: string, rel: string, filter: WalkFilter): Promise<void> {
  const names = (await readdir(path.join(root, rel))).sort();
  // The lstats of a directory run together: one at a time, a 20,000-file context waits on each.
  const children = names.map((name) => (rel === "" ? name : `${rel}/${name}`)).filter((childRel) => !filter.skip.has(childRel));
  const stats = await Promise.all(children.map((childRel) => lstat(path.join(root, childRel))));
  for (const [i, childRel] of children.entries()) {
    const st = stats[i]!;
    const abs = path.join(root, childRel);
    // The matcher also checks parent paths, so `dir` excludes `dir/a/b` unless a `!` rule re-adds it.
    const ignored = filter.ig.ignores(childRel) && !filter.keep.has(childRel);
    if (st.isDirectory()) {
      const holdsKept = [...filter.keep].some((k) => k.startsWith(`${childRel}/`));
      if (ignored && !filter.hasExceptions && !holdsKept) continue;
      if (!ignored) out.push({ name: childRel, hostPath: abs, stat: st, type: "directory" });
      await walk(out, root, childRel, filter);
    } else if (!ignored && (st.isFile() || st.isSymbolicLink())) {
      // Sockets, FIFOs and devices are not part of a build context (docker skips them too).
      out.push({ name: childRel, hostPath: abs, stat: st, type: st.isFile() ? "file" : "symlink" });
    }
  }
}

function hash(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
