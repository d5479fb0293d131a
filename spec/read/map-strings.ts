import type { PathSegment, TreePath } from "../location.js";
import type { Plain, PlainMap } from "./parse.js";

/**
 * Rebuilds a plain tree, replacing every string VALUE (never a mapping key) with what `fn`
 * returns for it. `path()` gives the string's path (built only when asked for: most callbacks
 * never need it). Numbers, booleans and nulls are copied as they are; the input is not modified.
 * Invariant: the result has the same shape and key order as the input.
 */
export function mapStrings(root: PlainMap, fn: (value: string, path: () => TreePath) => Plain): PlainMap {
  const stack: PathSegment[] = [];
  const path = () => stack.slice();
  const mapNode = (node: Plain): Plain => {
    if (typeof node === "string") return fn(node, path);
    if (Array.isArray(node)) {
      const out: Plain[] = [];
      for (let i = 0; i < node.length; i++) {
        stack.push(i);
        out.push(mapNode(node[i] as Plain));
        stack.pop();
      }
      return out;
    }
    if (node !== null && typeof node === "object") return mapMap(node);
    return node;
  };
  const mapMap = (node: PlainMap): PlainMap => {
    const out: PlainMap = {};
    for (const key of Object.keys(node)) {
      stack.push(key);
      const mapped = mapNode(node[key] as Plain);
      stack.pop();
      // A "__proto__" key must stay data: plain assignment would replace the object's prototype.
      if (key === "__proto__") {
        Object.defineProperty(out, key, { value: mapped, enumerable: true, writable: true, configurable: true });
      } else {
        out[key] = mapped;
      }
    }
    return out;
  };
  return mapMap(root);
}
