// Writes CSV (RFC 4180) that spreadsheets open as data: quoted where needed, formulas neutralised.

/** Cells starting with these are formulas to Excel, LibreOffice and Google Sheets (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One cell. Text that a spreadsheet would run as a formula gets a leading `'` (hostnames and firewall
 * names come from network traffic and logs: anyone can put `=HYPERLINK(…)` in an SNI); text with a
 * quote, comma, line break or edge space is quoted with quotes doubled. Numbers are written as they are.
 *
 * @example
 * csvCell('=1+1');      // "'=1+1"
 * csvCell('a "b", c');  // '"a ""b"", c"'
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvRow(cells: readonly (string | number)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
