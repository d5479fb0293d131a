import { LABELS } from "./labels.js";
import type { ObservedContainer } from "./observe.js";

/**
 * Whether a container of the project whose service the model does not declare counts as one of
 * its orphans: it was made from at least one of the same compose files, or nothing says which
 * files made it (its `config_files` label is missing, or `configFiles` is unknown, as for `down`
 * from labels alone). So two file sets that share a project name (`-f a.yaml`, `-f b.yaml` in one
 * directory, Compose #3573/#7403) neither warn about nor `--remove-orphans` each other's
 * containers, while a service removed from the file, or files added with `-f`, still do.
 */
export function isOrphanOf(c: ObservedContainer, configFiles: readonly string[] | undefined): boolean {
  if (!configFiles || configFiles.length === 0) return true;
  const label = c.labels[LABELS.configFiles];
  if (!label) return true;
  return label.split(",").some((f) => configFiles.includes(f));
}
