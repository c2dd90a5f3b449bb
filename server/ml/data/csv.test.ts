import { describe, expect, it } from 'vitest';
import { CsvError, CsvParser, parseCsv } from './csv';

function errorOf(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError');
}

/** Feeds text one chunk size at a time and collects records with their start lines. */
function streamed(text: string, size: number): { recs: string[][]; lines: number[] } {
  const p = new CsvParser();
  const recs: string[][] = [];
  const lines: number[] = [];
  for (let i = 0; i < text.length; i += size) {
    recs.push(...p.push(text.slice(i, i + size)));
    lines.push(...p.lastRecordLines);
  }
  recs.push(...p.end());
  lines.push(...p.lastRecordLines);
  return { recs, lines };
}

describe('parseCsv', () => {
  it('parses plain LF input and maps empty cells to null', () => {
    expect(parseCsv('a,b,c\n1,,3\n"",x,\n')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', null, '3'],
        [null, 'x', null],
      ],
      rowLines: [2, 3],
    });
  });

  it('handles quoted commas, doubled quotes, quoted newlines, CRLF and a BOM', () => {
    const out = parseCsv('\uFEFFid,text\r\n1,"a, ""b""\r\nc"\r\n2,plain\r\n');
    expect(out.header).toEqual(['id', 'text']);
    expect(out.rows).toEqual([
      ['1', 'a, "b"\r\nc'],
      ['2', 'plain'],
    ]);
    expect(out.rowLines).toEqual([2, 4]);
  });

  it('does not make an empty record from the trailing newline, with or without it', () => {
    expect(parseCsv('a\n1\n').rows).toEqual([['1']]);
    expect(parseCsv('a\n1').rows).toEqual([['1']]);
    expect(parseCsv('a,b\n1,').rows).toEqual([['1', null]]);
    expect(parseCsv('a\r\n1\r\n').rows).toEqual([['1']]);
  });

  it('keeps strings exactly: 007 stays 007, spaces stay', () => {
    expect(parseCsv('x,y\n007, 7 \n').rows).toEqual([['007', ' 7 ']]);
  });

  it('skips blank lines in multi-column files but reads them as missing in a single column', () => {
    expect(parseCsv('a,b\n\n1,2\n\n').rows).toEqual([['1', '2']]);
    expect(parseCsv('a\n\n1\n').rows).toEqual([[null], ['1']]);
  });

  it('gives the same records whatever the chunking (CRLF and quotes split across chunks)', () => {
    const text = '\uFEFFa,b\r\n"x\r\n""y""",2\r\n\r\n3,"4"\r\n5,6';
    const whole = streamed(text, text.length);
    expect(whole.recs).toEqual([
      ['a', 'b'],
      ['x\r\n"y"', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(whole.lines).toEqual([1, 2, 5, 6]);
    for (const size of [1, 2, 3, 5, 7]) expect(streamed(text, size)).toEqual(whole);
  });

  it('treats a lone CR as a line break', () => {
    expect(parseCsv('a,b\r1,2\r3,4').rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reports errors with the line (and column where it applies)', () => {
    expect(errorOf(() => parseCsv('')).message).toBe('line 1: empty file');
    expect(errorOf(() => parseCsv('\uFEFF')).message).toBe('line 1: empty file');
    expect(errorOf(() => parseCsv('\n1,2\n')).message).toMatch(/^line 1: no header/);
    expect(errorOf(() => parseCsv('a,,c\n')).message).toBe('line 1: empty header name in column 2');
    const dup = errorOf(() => parseCsv('a,b,a\n1,2,3\n'));
    expect(dup.message).toBe("line 1: duplicate header name 'a' (columns 1 and 3)");
    expect(dup.column).toBe('a');
    const ragged = errorOf(() => parseCsv('a,b,c,d,e\n1,2,3,4,5\n"x\ny",2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4\n'));
    expect(ragged.message).toBe('line 7: expected 5 fields, found 4');
    expect(ragged.line).toBe(7);
    expect(errorOf(() => parseCsv('a,b\n1,2,3\n')).message).toBe('line 2: expected 2 fields, found 3');
    const unterminated = errorOf(() => parseCsv('a,b\n1,"abc\n\n'));
    expect(unterminated.line).toBe(2);
    expect(unterminated.column).toBe('b');
    expect(unterminated.message).toMatch(/^line 2: unterminated quoted field in column 'b'/);
    const stray = errorOf(() => parseCsv('a,b\n1,2\n3,4"5\n'));
    expect(stray.message).toMatch(/^line 3: stray quote inside an unquoted field in column 'b'/);
    expect(errorOf(() => parseCsv('a\n"x"y\n')).message).toMatch(/^line 2: unexpected character after a closing quote/);
    expect(errorOf(() => parseCsv('a,b\n1,2\n\u0000\u0001\u0002')).message).toBe(
      'line 3: not a CSV file (binary content: NUL byte)',
    );
  });

  it('enforces maxBytes in UTF-8 bytes', () => {
    expect(parseCsv('a\né\n', { maxBytes: 5 }).rows).toEqual([['é']]); // 1 + 1 + 2 + 1 bytes
    expect(errorOf(() => parseCsv('a\né\n', { maxBytes: 4 })).message).toBe('line 1: file exceeds the 4-byte limit');
    const p = new CsvParser({ maxBytes: 8 });
    p.push('a\n1\n');
    expect(() => p.push('22\n333\n')).toThrow(/file exceeds the 8-byte limit/);
  });
});
