// The pieces of JSON's grammar that the byte scanners (record-scanner.ts, subscription-scanner.ts) read alike.

/** Whether a byte is a hex digit (of a `\uXXXX` escape); undefined (past the end) is not. */
export function isHex(c: number | undefined): boolean {
  return (
    c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))
  );
}

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/**
 * The index after the JSON number that starts at `i` in `bytes`
 * (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1 when there is none.
 *
 * @example
 * endOfNumber(Buffer.from('[-1.5e3]'), 1); // 7
 */
export function endOfNumber(bytes: Uint8Array, i: number): number {
  if (bytes[i] === 0x2d /* - */) i++;
  const first = bytes[i];
  if (first === 0x30) i++;
  else if (isDigit(first)) {
    i++;
    while (isDigit(bytes[i])) i++;
  } else return -1;
  if (bytes[i] === 0x2e /* . */) {
    i++;
    if (!isDigit(bytes[i])) return -1;
    while (isDigit(bytes[i])) i++;
  }
  const e = bytes[i];
  if (e === 0x65 || e === 0x45 /* e E */) {
    i++;
    const sign = bytes[i];
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(bytes[i])) return -1;
    while (isDigit(bytes[i])) i++;
  }
  return i;
}
