import { unpackTar } from "../engine/oneoff/archive.js";
import type { Runtime } from "../engine/runtime/runtime.js";

/** Numeric owner of files written into a container. */
export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Files the resolution may need, as text (undefined when the container has none). */
export interface AccountFiles {
  readonly passwd?: string;
  readonly group?: string;
}

const NUMERIC = /^\d+$/;

/** True when `user` (`Config.User`) names an account, so `/etc/passwd` or `/etc/group` is needed. */
export function needsAccountFiles(user: string): boolean {
  const [u = "", g] = user.split(":");
  return (u !== "" && !NUMERIC.test(u)) || g === undefined || (g !== "" && !NUMERIC.test(g));
}

/**
 * The uid/gid a container's processes run as, from its `Config.User` the way the engine resolves
 * it: empty means root; `uid[:gid]` numbers are used as is; a name is looked up in the container's
 * `/etc/passwd` (and a group name in `/etc/group`); without a group, the account's primary group
 * (0 for a uid the passwd file does not list). An unknown name falls back to 0.
 */
export function resolveOwner(user: string, files: AccountFiles = {}): Owner {
  const [u = "", g] = user.split(":");
  const accounts = parseColonFile(files.passwd);
  const account = u === "" ? undefined : accounts.find((a) => (NUMERIC.test(u) ? a[2] === u : a[0] === u));
  const uid = u === "" ? 0 : NUMERIC.test(u) ? Number(u) : toNumber(account?.[2]);
  let gid: number;
  if (g === undefined || g === "") gid = toNumber(account?.[3]);
  else if (NUMERIC.test(g)) gid = Number(g);
  else gid = toNumber(parseColonFile(files.group).find((a) => a[0] === g)?.[2]);
  return { uid, gid };
}

/** Reads a container's `Config.User` and, when needed, its account files, and resolves the owner. */
export async function containerOwner(runtime: Runtime, container: string): Promise<Owner> {
  const user = (await runtime.inspectContainer(container)).config.user;
  if (user === "" || user === "root" || user === "0") return { uid: 0, gid: 0 };
  if (!needsAccountFiles(user)) return resolveOwner(user);
  const [passwd, group] = await Promise.all([readContainerFile(runtime, container, "/etc/passwd"), readContainerFile(runtime, container, "/etc/group")]);
  return resolveOwner(user, { ...(passwd !== undefined ? { passwd } : {}), ...(group !== undefined ? { group } : {}) });
}

/** A small text file of a container, or undefined when it cannot be read. */
async function readContainerFile(runtime: Runtime, container: string, file: string): Promise<string | undefined> {
  try {
    const { tar } = await runtime.getArchive(container, file);
    const entry = (await unpackTar(tar)).find((e) => e.type === "file");
    return entry?.content ? Buffer.from(entry.content).toString("utf8") : undefined;
  } catch {
    return undefined;
  }
}

function parseColonFile(text: string | undefined): string[][] {
  if (!text) return [];
  return text
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split(":"));
}

function toNumber(s: string | undefined): number {
  return s !== undefined && NUMERIC.test(s) ? Number(s) : 0;
}
