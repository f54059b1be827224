/** Plain-text report lines: section headings, aligned key/value lines and the closing table. */

export const heading = (title: string): void => {
  process.stdout.write(`\n${title}\n${'─'.repeat(title.length)}\n`);
};

export const line = (label: string, value: string): void => {
  process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);
};

export const note = (text: string): void => {
  process.stdout.write(`  ${text}\n`);
};

export interface SummaryRow {
  figure: string;
  measured: string;
  target: string;
  /** undefined: informational, no target. */
  met?: boolean;
}

export const summaryTable = (rows: readonly SummaryRow[]): void => {
  const header: [string, string, string, string] = ['figure', 'measured', 'target', 'result'];
  const cells = rows.map((row): [string, string, string, string] => [
    row.figure,
    row.measured,
    row.target,
    row.met === undefined ? '—' : row.met ? 'met' : 'NOT met',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const render = (cell: readonly string[]): string => `  ${cell.map((text, column) => text.padEnd(widths[column]!)).join(' │ ')}\n`;
  process.stdout.write(render(header));
  process.stdout.write(`  ${widths.map((width) => '─'.repeat(width)).join('─┼─')}\n`);
  for (const cell of cells) process.stdout.write(render(cell));
};
