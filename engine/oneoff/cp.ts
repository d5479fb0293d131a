import path from "node:path";
import { ComposeError } from "../../spec/errors.js";
import { packTar, unpackTar, type TarEntry } from "./archive.js";
import { localKind, readLocalTree, writeLocalTree } from "./cp-local.js";
import { isRuntimeError, type ByteSource, type ContainerSummary, type PathStat, type Runtime } from "../runtime/runtime.js";
import { serviceContainer, serviceContainerList } from "./service-container.js";

/** Which container `cp` copies from or to, and how. */
export interface CopyTarget {
  readonly projectName: string;
  readonly service: string;
  /**
   * `--index`: the container number. Default: copying from the service, the lowest-numbered
   * container; copying to it, every container of the service, as Compose does (stopped ones count).
   */
  readonly index?: number;
  /** `-L`: follow a symlink at the source path. */
  readonly followLink?: boolean;
  /** `-a`: keep uid/gid. */
  readonly archive?: boolean;
}

// Go's os.FileMode type bits, as the engine reports them in the path stat.
const MODE_DIR = 0x80000000;
const MODE_SYMLINK = 0x8000000;
const isDir = (s: PathStat) => (s.mode & MODE_DIR) !== 0;

/**
 * `cp SVC:SRC DEST`, with `docker cp`'s rules: into an existing directory the source keeps its
 * name; a missing DEST (whose parent exists) becomes the copy; an existing file is overwritten by
 * a file; `SRC/.` copies a directory's contents. With DEST `-` the raw tar goes to `stdout`.
 */
export async function copyFromService(runtime: Runtime, target: CopyTarget, src: string, dest: string, stdout?: NodeJS.WritableStream): Promise<void> {
  const container = await serviceContainer(runtime, target);
  const where = `${container.name}:${src}`;
  const srcPath = target.followLink ? await resolveLink(runtime, container.id, src) : src;
  const { stat, tar } = await fetchArchive(runtime, container.id, srcPath, where);
  if (dest === "-") {
    for await (const chunk of tar) stdout?.write(chunk);
    return;
  }
  const entries = await unpackTar(tar);
  const contentsOnly = src.endsWith("/.") && isDir(stat);
  const kind = await localKind(dest);
  if (kind === "file" && isDir(stat)) throw copyError(`cannot copy the directory ${where} onto the file ${dest}`);
  if (kind === "missing" && dest.endsWith("/") && !isDir(stat)) throw copyError(`destination directory ${dest} does not exist`);
  if (contentsOnly) {
    await writeLocalTree(dest, renameRoot(entries, stat.name, ".").filter((e) => e.name !== "./"), target.archive);
  } else if (kind === "directory") {
    await writeLocalTree(dest, entries, target.archive);
  } else {
    const parent = path.dirname(path.resolve(dest));
    if ((await localKind(parent)) !== "directory") throw copyError(`destination directory ${parent} does not exist`);
    await writeLocalTree(parent, renameRoot(entries, stat.name, path.basename(path.resolve(dest))), target.archive);
  }
}

/**
 * `cp SRC SVC:DEST`, with `docker cp`'s rules (see `copyFromService`), into every container of
 * the service (or the one of `--index`), one after the other. SRC `-` reads a tar archive from
 * `stdin` and extracts it into the directory DEST.
 */
export async function copyToService(runtime: Runtime, target: CopyTarget, src: string, dest: string, stdin?: ByteSource): Promise<void> {
  const containers = await serviceContainerList(runtime, target);
  // stdin can be read once: with several containers the archive is held in memory.
  const input = src === "-" && containers.length > 1 ? await readAll(stdin ?? new Uint8Array()) : stdin;
  for (const container of containers) await copyToContainer(runtime, container, target, src, dest, input);
}

async function copyToContainer(runtime: Runtime, container: ContainerSummary, target: CopyTarget, src: string, dest: string, stdin?: ByteSource): Promise<void> {
  const where = `${container.name}:${dest}`;
  if (src === "-") {
    await putArchive(runtime, container.id, dest, stdin ?? new Uint8Array(), where);
    return;
  }
  const srcKind = await localKind(src);
  if (srcKind === "missing") throw copyError(`no such file or directory: ${src}`);
  const destStat = await statIn(runtime, container.id, dest);
  if (destStat && !isDir(destStat) && srcKind === "directory") throw copyError(`cannot copy the directory ${src} onto the file ${where}`);
  if (!destStat && dest.endsWith("/")) throw copyError(`destination directory ${where} does not exist`);
  const contentsOnly = src.endsWith("/.") && srcKind === "directory";
  const read = (as: string) => readLocalTree(src, { as, ...flags(target) });
  let dir: string;
  let entries: TarEntry[];
  if (destStat && isDir(destStat)) {
    dir = dest;
    entries = contentsOnly ? (await read(".")).filter((e) => e.name !== "./") : await read(path.basename(path.resolve(src)));
  } else {
    dir = path.posix.dirname(path.posix.resolve("/", dest));
    entries = await read(path.posix.basename(path.posix.resolve("/", dest)));
  }
  await putArchive(runtime, container.id, dir, await packTar(entries), where);
}

async function readAll(source: ByteSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function flags(t: CopyTarget): { followLink?: boolean; archive?: boolean } {
  return { ...(t.followLink ? { followLink: true } : {}), ...(t.archive ? { archive: true } : {}) };
}

/** Entries named `<from>/…` renamed to `<to>/…`. */
function renameRoot(entries: readonly TarEntry[], from: string, to: string): TarEntry[] {
  return entries.map((e) => {
    const [first, ...rest] = e.name.split("/");
    return first === from ? { ...e, name: [to, ...rest].join("/") } : e;
  });
}

/** The stat of a path in the container, or undefined when it does not exist. */
async function statIn(runtime: Runtime, id: string, p: string): Promise<PathStat | undefined> {
  try {
    const { stat, tar } = await runtime.getArchive(id, p);
    // Only the stat is wanted: close the archive stream without reading it.
    await tar[Symbol.asyncIterator]().return?.();
    return stat;
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return undefined;
    throw error;
  }
}

/** `-L`: a symlink at `p` is replaced by its target (relative targets resolve from its directory). */
async function resolveLink(runtime: Runtime, id: string, p: string): Promise<string> {
  const stat = await statIn(runtime, id, p);
  if (!stat || (stat.mode & MODE_SYMLINK) === 0 || !stat.linkTarget) return p;
  return path.posix.resolve(path.posix.dirname(path.posix.resolve("/", p)), stat.linkTarget);
}

async function fetchArchive(runtime: Runtime, id: string, p: string, where: string) {
  try {
    return await runtime.getArchive(id, p);
  } catch (error) {
    if (isRuntimeError(error, "not-found")) throw copyError(`no such file or directory: ${where}`);
    throw error;
  }
}

async function putArchive(runtime: Runtime, id: string, dir: string, tar: ByteSource, where: string): Promise<void> {
  try {
    await runtime.putArchive(id, dir, tar);
  } catch (error) {
    if (isRuntimeError(error, "not-found")) throw copyError(`destination directory does not exist: ${where}`);
    throw error;
  }
}

function copyError(message: string): ComposeError {
  return new ComposeError("E_CP", message, { hint: "Check both paths; a container path is written SERVICE:PATH." });
}
