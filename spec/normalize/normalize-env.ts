import { parseDotEnv, parseRawEnv } from "../discover/dotenv.js";
import type { TreePath } from "../location.js";
import { isMap, scalarString, setKey, toLookupMap, toStringList, toStringMap, type NormalizeContext } from "./normalize-context.js";
import { hostFile } from "./normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";

interface EnvFileRef {
  readonly path: string;
  readonly required: boolean;
  readonly format: string | undefined;
  /** Where the entry was written, for errors. */
  readonly at: TreePath;
}

/**
 * A service's final environment, as Compose computes it: each `env_file` is read in order (a later
 * file wins; `${VAR}` in a file sees earlier files' values, then the shell and `.env`), then
 * `environment` on top. A bare name in `environment` takes the shell/.env value and is null when
 * that is unset (overriding an env_file value, as in Compose). A missing required env file is an
 * error. Undefined when the result is empty.
 */
export function serviceEnvironment(service: PlainMap, at: TreePath, ctx: NormalizeContext): Record<string, string | null> | undefined {
  const env: Record<string, string | null> = {};
  for (const ref of envFileRefs(service["env_file"], [...at, "env_file"], ctx)) {
    const text = ctx.host.readFile(ref.path);
    if (text === undefined) {
      if (ref.required) missingFile(ctx, ref, "env file", "or mark it optional with `required: false`");
      continue;
    }
    const lookup = (name: string): string | undefined => (Object.hasOwn(env, name) ? (env[name] ?? undefined) : ctx.lookup(name));
    let values: Iterable<[string, string]>;
    if (ref.format === undefined) values = parseDotEnv(text, ref.path, lookup, ctx.diag);
    else if (ref.format === "raw") values = parseRawEnv(text, ref.path, ctx.diag, lookup);
    else {
      errorAt(ctx, [...ref.at, "format"], "E_ENV_FILE_FORMAT", `unsupported env_file format "${ref.format}"`, {
        hint: "Remove `format` for the usual .env syntax, or use `format: raw` to take values literally.",
      });
      continue;
    }
    for (const [k, v] of values) setKey(env, k, v);
  }
  for (const [k, v] of Object.entries(toLookupMap(service["environment"], ctx.lookup))) setKey(env, k, v);
  return Object.keys(env).length > 0 ? env : undefined;
}

/**
 * A service's labels: each `label_file` (`.env` syntax, read in order), then `labels` on top.
 * Undefined when there are none.
 */
export function serviceLabels(service: PlainMap, at: TreePath, ctx: NormalizeContext): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  const files = toStringList(service["label_file"]);
  files.forEach((file, i) => {
    const where = Array.isArray(service["label_file"]) ? [...at, "label_file", i] : [...at, "label_file"];
    const ref: EnvFileRef = { path: hostFile(file, ctx), required: true, format: undefined, at: where };
    const text = ctx.host.readFile(ref.path);
    if (text === undefined) return missingFile(ctx, ref, "label file", "or remove it from `label_file`");
    for (const [k, v] of parseDotEnv(text, ref.path, ctx.lookup, ctx.diag)) setKey(labels, k, v);
  });
  Object.assign(labels, toStringMap(service["labels"]));
  return Object.keys(labels).length > 0 ? labels : undefined;
}

function envFileRefs(value: Plain | undefined, at: TreePath, ctx: NormalizeContext): EnvFileRef[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item, i): EnvFileRef[] => {
    const where = Array.isArray(value) ? [...at, i] : at;
    if (isMap(item)) {
      const format = item["format"];
      return [
        {
          path: hostFile(scalarString(item["path"]), ctx),
          required: item["required"] !== false,
          format: format === undefined || format === null ? undefined : scalarString(format),
          at: where,
        },
      ];
    }
    return [{ path: hostFile(scalarString(item), ctx), required: true, format: undefined, at: where }];
  });
}

function missingFile(ctx: NormalizeContext, ref: EnvFileRef, what: string, alternative: string): void {
  errorAt(ctx, ref.at, "E_ENV_FILE_NOT_FOUND", `${what} ${ref.path} not found`, {
    hint: `Create the file, fix the path (relative paths start at the project directory), ${alternative}.`,
  });
}

function errorAt(ctx: NormalizeContext, at: TreePath, code: string, message: string, opts: { hint: string }): void {
  const location = ctx.sources.locate(at);
  ctx.diag.error(code, message, { ...opts, ...(location ? { location } : {}), path: at });
}
