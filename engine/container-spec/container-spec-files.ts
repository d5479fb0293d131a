import path from "node:path";
import { ComposeError } from "../../spec/errors.js";
import type { Project, ServiceConfig, ServiceSecret } from "../../spec/project.js";
import { API_SOCKET_CONFIG } from "./container-spec-mounts.js";
import type { ContainerFileSpec } from "../runtime/runtime-container-spec.js";

/** Reads a variable of the project's environment (the shell over `.env`, as interpolation sees it). */
export type EnvironmentLookup = (name: string) => string | undefined;

/**
 * One registry's entry of the user's docker config file (`auths` in `$DOCKER_CONFIG/config.json`
 * or `~/.docker/config.json`), as written there: `auth` is base64 of `user:password`.
 */
export interface RegistryAuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly email?: string;
  readonly serveraddress?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

/** The user's registry credentials: the `auths` map of their docker config file, keyed by registry. */
export type RegistryCredentials = Readonly<Record<string, RegistryAuthEntry>>;

/** Compose's mode for a copied-in secret or config without `mode:`. */
export const DEFAULT_FILE_MODE = 0o444;

/**
 * The files Docker Compose 2.40 copies into a service's container after create and before start
 * (its `injectSecrets`, then `injectConfigs`): each secret given by `environment` (default target
 * `/run/secrets/<source>`, a relative target under `/run/secrets`), then each config given by
 * `content` or `environment` (default target `/<source>`, a relative one under `/`), and the
 * `#apisocket` config that `use_api_socket` adds (`credentials` as a docker config file). Mode
 * 0444 unless `mode:`; `uid`/`gid` when given. A value that is empty is not written, as in
 * Compose. `service` is the form the container is created from (after `withApiSocket`).
 * Throws `E_ENV_FILE_UNSET` (Compose's message) for an `environment` variable that is not set,
 * and `E_FILE_OWNER` for a uid/gid that is not a number.
 */
export function serviceFiles(
  project: Project,
  service: ServiceConfig,
  env: EnvironmentLookup | undefined,
  credentials?: RegistryCredentials,
): ContainerFileSpec[] {
  const out: ContainerFileSpec[] = [];
  for (const ref of service.secrets ?? []) {
    const definition = project.secrets[ref.source];
    if (definition?.environment === undefined) continue;
    const value = required(env, definition.environment, "secret", definition.name);
    if (value !== "") out.push(fileSpec(ref, "/run/secrets", value));
  }
  for (const ref of service.configs ?? []) {
    const definition = project.configs[ref.source];
    let value: string | undefined;
    if (definition?.environment !== undefined) value = required(env, definition.environment, "config", definition.name);
    else if (definition) value = definition.content;
    else if (ref.source === API_SOCKET_CONFIG) value = dockerConfigJson(credentials ?? {});
    if (value) out.push(fileSpec(ref, "/", value));
  }
  return out;
}

function required(env: EnvironmentLookup | undefined, variable: string, kind: "secret" | "config", name: string): string {
  const value = env?.(variable);
  if (value !== undefined) return value;
  throw new ComposeError("E_ENV_FILE_UNSET", `environment variable "${variable}" required by ${kind} "${name}" is not set`, {
    hint: `Set ${variable} in the shell or in the project's .env file.`,
  });
}

function fileSpec(ref: ServiceSecret, base: string, content: string): ContainerFileSpec {
  const target = ref.target ? path.posix.resolve(base, ref.target) : path.posix.join(base, ref.source);
  return {
    path: target,
    content,
    mode: fileMode(ref.mode),
    ...(ref.uid !== undefined && ref.uid !== "" ? { uid: owner(ref.uid, "uid", ref.source) } : {}),
    ...(ref.gid !== undefined && ref.gid !== "" ? { gid: owner(ref.gid, "gid", ref.source) } : {}),
  };
}

/** `mode:` as a number: the model's number, or an octal string as `config` prints it (`"0440"`). */
function fileMode(mode: number | string | undefined): number {
  if (mode === undefined) return DEFAULT_FILE_MODE;
  if (typeof mode === "number") return mode;
  const octal = /^0o?([0-7]+)$/i.exec(mode);
  return octal ? parseInt(octal[1]!, 8) : Number(mode);
}

function owner(value: string, field: "uid" | "gid", source: string): number {
  if (/^[+-]?\d+$/.test(value)) return Number(value);
  throw new ComposeError("E_FILE_OWNER", `${field} "${value}" of ${source} is not a number`, { hint: `Give ${field} as a numeric id.` });
}

/**
 * The docker config file Compose writes for `use_api_socket` (the `#apisocket` config): only
 * `auths`, each entry as the docker CLI saves it (`auth` re-encoded from the user name and
 * password, which are dropped with `serveraddress`; `email` and the tokens kept), registries in
 * sorted order, tab-indented, no final newline, with Go's escaping of `<`, `>` and `&`.
 */
export function dockerConfigJson(credentials: RegistryCredentials): string {
  const auths: Record<string, Record<string, string>> = {};
  for (const registry of Object.keys(credentials).sort()) {
    const entry = credentials[registry] ?? {};
    const { username, password } = userAndPassword(entry);
    const auth = username || password ? Buffer.from(`${username}:${password}`, "utf8").toString("base64") : entry.auth && !decodable(entry.auth) ? entry.auth : "";
    const saved: Record<string, string> = {};
    for (const [key, value] of [["auth", auth], ["email", entry.email], ["identitytoken", entry.identitytoken], ["registrytoken", entry.registrytoken]] as const) {
      if (value) saved[key] = value;
    }
    auths[registry] = saved;
  }
  return JSON.stringify({ auths }, null, "\t").replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The user name and password of an entry as the docker CLI loads it: from `auth` when it is set. */
function userAndPassword(entry: RegistryAuthEntry): { username: string; password: string } {
  if (!entry.auth) return { username: entry.username ?? "", password: entry.password ?? "" };
  const decoded = decodable(entry.auth);
  return decoded ?? { username: "", password: "" };
}

function decodable(auth: string): { username: string; password: string } | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(auth)) return undefined;
  const text = Buffer.from(auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/^\0+|\0+$/g, "") };
}
