import type { Project } from "../../spec/project.js";
import { scopedName } from "./stack-labels.js";
import type { StackProblems } from "./stack-problems.js";

/** What every part of the conversion of one project into one stack needs. */
export interface ConvertContext {
  readonly project: Project;
  readonly stack: string;
  readonly problems: StackProblems;
  /** Engine names of the project's networks, volumes, secrets and configs, by key. */
  readonly names: {
    readonly networks: ReadonlyMap<string, string>;
    readonly volumes: ReadonlyMap<string, string>;
    readonly secrets: ReadonlyMap<string, string>;
    readonly configs: ReadonlyMap<string, string>;
  };
}

/**
 * The engine name of a top-level network, volume, secret or config in a stack: an external one's
 * own name; a `name:` written in the file as is; otherwise `<stack>_<key>`. The spec pipeline has
 * already named it `<project>_<key>` when no `name:` was written, which is how the two are told apart.
 */
export function stackResourceName(project: Project, stack: string, key: string, config: { readonly name: string; readonly external?: boolean }): string {
  if (config.external === true) return config.name;
  return config.name === `${project.name}_${key}` ? scopedName(stack, key) : config.name;
}

/** `list` without undefined entries, or undefined when nothing is left (the engine's "not set"). */
export function nonEmpty<T>(list: readonly (T | undefined)[] | undefined): T[] | undefined {
  const out = (list ?? []).filter((v): v is T => v !== undefined);
  return out.length > 0 ? out : undefined;
}

/** A copy of `record` without its undefined members, or undefined when none is left. */
export function defined<T extends object>(record: T): T | undefined {
  const out = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}
