import type { TreePath } from "./location.js";
import type { Plain, PlainMap } from "./parse.js";

/**
 * Rebuilds a plain tree, replacing every string VALUE (never a mapping key) with what `fn`
 * returns for it. Numbers, booleans and nulls are copied as they are; the input is not modified.
 * Invariant: the result has the same shape and key order as the input.
 */
export function mapStrings(root: PlainMap, fn: (value: string, path: TreePath) => Plain): PlainMap {
  return mapMap(root, [], fn);
}

function mapNode(node: Plain, path: TreePath, fn: (value: string, path: TreePath) => Plain): Plain {
  if (typeof node === "string") return fn(node, path);
  if (Array.isArray(node)) return node.map((item, i) => mapNode(item, [...path, i], fn));
  if (node !== null && typeof node === "object") return mapMap(node, path, fn);
  return node;
}

function mapMap(node: PlainMap, path: TreePath, fn: (value: string, path: TreePath) => Plain): PlainMap {
  const out: PlainMap = {};
  for (const [key, value] of Object.entries(node)) {
    const mapped = mapNode(value, [...path, key], fn);
    // A "__proto__" key must stay data: plain assignment would replace the object's prototype.
    if (key === "__proto__") {
      Object.defineProperty(out, key, { value: mapped, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = mapped;
    }
  }
  return out;
}
