import type { ModelVariable } from "../../../spec/discover/variables.js";
import { toYaml } from "../../render/yaml.js";
import { COMPOSE_TABLE, formatTable } from "../shared/output-table.js";

/**
 * What `config --variables` prints, as `docker compose config --variables` does: without
 * `--format`, Compose's table (NAME, REQUIRED, DEFAULT VALUE, ALTERNATE VALUE, one row per
 * variable); `json`, an object keyed by name with Compose's field names, four-space indented;
 * `yaml`, the same mapping as gopkg.in/yaml.v3's `Marshal` writes it (lower-cased field names,
 * four-space indent). `variables` is sorted by name, and so is every output (Compose's own order
 * is Go's random map order).
 */
export function renderVariables(variables: readonly ModelVariable[], format: "yaml" | "json" | undefined): string {
  if (format === "json") return `${JSON.stringify(Object.fromEntries(variables.map((v) => [v.Name, v])), null, 4)}\n`;
  if (format === "yaml") return variablesYaml(variables);
  const rows = variables.map((v) => [v.Name, String(v.Required), v.DefaultValue, v.PresenceValue]);
  return formatTable([["NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"], ...rows], COMPOSE_TABLE);
}

function variablesYaml(variables: readonly ModelVariable[]): string {
  const doc = Object.fromEntries(
    variables.map((v) => [v.Name, { name: v.Name, defaultvalue: v.DefaultValue, presencevalue: v.PresenceValue, required: v.Required }]),
  );
  // toYaml lays yaml.v3 out with the two-space indent of `config`; yaml.Marshal's default is four.
  return toYaml(doc).split("\n").map(fourSpaceIndent).join("\n");
}

/**
 * One line of the two-level document at four spaces: a field at 2 goes to 4 (a literal block's
 * indentation indicator with it), a literal block's text at 4 or deeper goes to 8 or deeper.
 */
function fourSpaceIndent(line: string): string {
  if (line.startsWith("    ")) return `        ${line.slice(4)}`;
  if (line.startsWith("  ")) return `    ${line.slice(2).replace(/ \|2([-+]?)$/, " |4$1")}`;
  return line;
}
