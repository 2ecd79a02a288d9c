import stringWidth from 'string-width';

/** A table cell: null and undefined print as `-`. */
export type Cell = string | number | null | undefined;

/**
 * A plain text table: columns padded to their widest cell, numbers right-aligned. Widths are terminal
 * columns (string-width): a CJK character takes two, a colour code none.
 */
export function formatTable(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))),
  );
  const widths = headers.map((header, i) =>
    Math.max(stringWidth(header), ...cells.map((row) => stringWidth(row[i] ?? ''))),
  );
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (row: string[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - stringWidth(cell)));
        return numeric[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}
