import { cellWidth, PS_TABLE, type TableStyle } from "../commands/shared/output-table.js";

/**
 * Aligns tab-separated text as Go's `text/tabwriter` does: a cell is text ended by a tab (the
 * text after a line's last tab is not a cell and is never padded); a column is a run of
 * consecutive lines that have a cell at that index, and all its cells are padded to its widest
 * cell plus the padding, at least `minWidth` (default: the docker CLI's `tabwriter.NewWriter(out,
 * 10, 1, 3, ' ', 0)`, `PS_TABLE`). Widths count as the style says (terminal cells for ps, as the
 * docker CLI's tabwriter does).
 */
export function alignTabs(text: string, options: TableStyle = PS_TABLE): string {
  const lines = text.split("\n").map((l) => l.split("\t"));
  const widths: number[][] = lines.map(() => []);
  // Columns left to right: each block of consecutive lines with a cell in column `c` (and, as in
  // Go, in every column before it within the same block) shares one width.
  const layout = (from: number, to: number, column: number): void => {
    let line = from;
    while (line < to) {
      if (column >= (lines[line]?.length ?? 0) - 1) {
        line++;
        continue;
      }
      const start = line;
      let w = options.minWidth;
      while (line < to && column < (lines[line]?.length ?? 0) - 1) {
        w = Math.max(w, cellWidth(lines[line]?.[column] ?? "", options) + options.padding);
        line++;
      }
      for (let l = start; l < line; l++) widths[l]?.push(w);
      layout(start, line, column + 1);
    }
  };
  layout(0, lines.length, 0);
  return lines
    .map((cells, l) =>
      cells
        .map((cell, c) => {
          const w = widths[l]?.[c];
          return w === undefined ? cell : cell + " ".repeat(Math.max(0, w - cellWidth(cell, options)));
        })
        .join(""),
    )
    .join("\n");
}
