import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../spec/discover/package-root.js";

/** The package version, from tscompose's package.json. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
