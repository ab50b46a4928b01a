import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../shared/http/csv.ts';

describe('csvCell', () => {
  it('writes plain text and numbers as they are', () => {
    expect(csvCell('api.example.com')).toBe('api.example.com');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('')).toBe('');
  });

  it('quotes text with a comma, quote or line break, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
  });

  it('leaves formula characters alone past the first character', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x-y.example.com')).toBe('x-y.example.com');
  });
});

describe('csvRow', () => {
  it('joins cells with commas and ends the record with CRLF', () => {
    expect(csvRow(['a', 1, 'b,c'])).toBe('a,1,"b,c"\r\n');
  });
});
