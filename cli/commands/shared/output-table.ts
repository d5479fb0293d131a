import { displayWidth } from "../../../engine/format/human-format.js";

/** How a table's columns are spaced, as the Go `text/tabwriter` settings Docker's CLIs use. */
export interface TableStyle {
  /** Minimum width of a column, padding included. */
  readonly minWidth: number;
  /** Spaces after the widest cell of a column. */
  readonly padding: number;
  /**
   * How a cell's width is counted: `runes` (Go's `text/tabwriter`, Compose's own tables) or
   * `cells`, terminal cells, a wide character counting two (the docker CLI's tabwriter, which
   * Compose's `ps` goes through). Default `runes`.
   */
  readonly count?: "runes" | "cells";
}

/** `docker ps`-style tables (`ps`, the docker CLI's formatter): minimum 10, padding 3, widths in terminal cells. */
export const PS_TABLE: TableStyle = { minWidth: 10, padding: 3, count: "cells" };
/** Compose's own tables (`ls`, `images`): minimum 20, padding 3. */
export const COMPOSE_TABLE: TableStyle = { minWidth: 20, padding: 3 };
/** Compose's `top` table: minimum 4, padding 2. */
export const TOP_TABLE: TableStyle = { minWidth: 4, padding: 2 };

/** The width of a cell as `style` counts it. */
export function cellWidth(text: string, style: Pick<TableStyle, "count">): number {
  return style.count === "cells" ? displayWidth(text) : [...text].length;
}

/**
 * Lays out rows (the header first) in left-aligned columns exactly as Go's tabwriter does for
 * Docker's tables: every column but the last is as wide as its widest cell plus the padding (at
 * least `minWidth`), the last column is not padded. Every line ends with `\n`.
 */
export function formatTable(rows: readonly (readonly string[])[], style: TableStyle): string {
  const width = (s: string) => cellWidth(s, style);
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns - 1; c++) {
    widths.push(Math.max(style.minWidth, ...rows.map((r) => (c < r.length - 1 ? width(r[c] ?? "") + style.padding : 0))));
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell + " ".repeat(Math.max(0, (widths[c] ?? 0) - width(cell))) : cell)).join("") + "\n")
    .join("");
}
