import type { ContainerStatus, HealthStatus } from "../runtime/runtime-types.js";

/** The Engine API's JSON, read defensively: every field may be missing or null. */
export type Raw = Record<string, unknown>;

/** An object, or `{}` for anything else. */
export const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
/** A string, or `""`. */
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** A number, or 0. */
export const num = (v: unknown): number => (typeof v === "number" ? v : 0);
/** True only for `true`. */
export const bool = (v: unknown): boolean => v === true;
/** The strings of an array (others dropped), or `[]`. */
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** The string-valued entries of an object. */
export const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === "string"));
/** A non-empty string, or undefined. */
export const optStr = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** A timestamp, or undefined: the engine's zero time (`0001-01-01T00:00:00Z`) means "never". */
export const time = (v: unknown): string | undefined => (typeof v === "string" && v !== "" && !v.startsWith("0001-") ? v : undefined);

/** A container status; an unknown one reads as `dead`. */
export function status(v: unknown): ContainerStatus {
  const s = str(v);
  const known: ContainerStatus[] = ["created", "running", "paused", "restarting", "removing", "exited", "dead"];
  return (known as string[]).includes(s) ? (s as ContainerStatus) : "dead";
}

/** A health status; anything else reads as `none`. */
export function health(v: unknown): HealthStatus {
  const s = str(v);
  return s === "starting" || s === "healthy" || s === "unhealthy" ? s : "none";
}
