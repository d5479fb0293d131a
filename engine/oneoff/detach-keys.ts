import { ProjectError } from "../../spec/errors.js";

/** The engine's default detach sequence: ctrl-p, ctrl-q. */
export const DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

const CTRL_NAMES = ["@", ..."abcdefghijklmnopqrstuvwxyz", "[", "\\", "]", "^", "_"];

/**
 * Parses a detach sequence as the docker CLI does (`term.ToBytes`): comma-separated keys, each a
 * single character, `ctrl-@` … `ctrl-z`, `ctrl-[`, `ctrl-\`, `ctrl-]`, `ctrl-^`, `ctrl-_` (codes
 * 0-31) or `DEL`. Anything else is bad usage.
 */
export function parseDetachKeys(keys: string): Uint8Array {
  const codes: number[] = [];
  for (const key of keys.split(",")) {
    if (key.length === 1) {
      codes.push(key.charCodeAt(0) & 0xff);
      continue;
    }
    const ctrl = /^ctrl-(.)$/.exec(key);
    const index = ctrl ? CTRL_NAMES.indexOf(ctrl[1] ?? "") : -1;
    if (index >= 0) codes.push(index);
    else if (key === "DEL") codes.push(127);
    else {
      throw new ProjectError("E_USAGE", `invalid detach keys "${keys}": unknown key '${key}'`, {
        hint: "Use keys like ctrl-p,ctrl-q: single characters, ctrl-a … ctrl-z, ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_ or DEL.",
      });
    }
  }
  return Uint8Array.from(codes);
}

/**
 * Passes `source` through until the detach sequence is typed (the docker CLI's escape proxy):
 * bytes that could begin the sequence are held back until it is clear they do not; the sequence
 * itself is never passed on. On a match, `onDetach` is called and the stream ends.
 */
export async function* detachFilter(source: AsyncIterable<Uint8Array>, keys: Uint8Array, onDetach: () => void): AsyncGenerator<Uint8Array> {
  let matched = 0;
  for await (const chunk of source) {
    const out: number[] = [];
    for (const byte of chunk) {
      if (keys.length > 0 && byte === keys[matched]) {
        matched++;
        if (matched === keys.length) {
          if (out.length > 0) yield Uint8Array.from(out);
          onDetach();
          return;
        }
        continue;
      }
      // A partial match that breaks off goes through after all, and this byte may start anew.
      for (let i = 0; i < matched; i++) out.push(keys[i] ?? 0);
      matched = 0;
      if (keys.length > 0 && byte === keys[0]) matched = 1;
      else out.push(byte);
      if (matched === keys.length) {
        if (out.length > 0) yield Uint8Array.from(out);
        onDetach();
        return;
      }
    }
    if (out.length > 0) yield Uint8Array.from(out);
  }
  if (matched > 0) yield keys.slice(0, matched);
}
