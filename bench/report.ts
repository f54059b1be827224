/** Plain-text report: section headings, notes and aligned tables. */

export const heading = (title: string): void => {
  process.stdout.write(`\n${title}\n${'─'.repeat(title.length)}\n`);
};

export const note = (text: string): void => {
  process.stdout.write(`  ${text}\n`);
};

/** A table with a header row; numbers-looking columns are right-aligned. */
export const table = (header: readonly string[], rows: ReadonlyArray<readonly string[]>): void => {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => /^[\d.,–× ms%KB-]*$/.test(row[column] ?? '')));
  const render = (row: readonly string[]): string =>
    `  ${row.map((text, column) => (numeric[column] ? text.padStart(widths[column]!) : text.padEnd(widths[column]!))).join(' │ ')}\n`;
  process.stdout.write(render(header));
  process.stdout.write(`  ${widths.map((width) => '─'.repeat(width)).join('─┼─')}\n`);
  for (const row of rows) process.stdout.write(render(row));
};

export const metOrNot = (met: boolean): string => (met ? 'met' : 'NOT met');
