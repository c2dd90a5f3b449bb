import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-write';
import { parseCsv } from './csv';

describe('csvCell', () => {
  it('neutralises formula cells and leaves numbers, plain text and missing values alone', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('-1.5')).toBe('-1.5');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell('+2e3')).toBe('+2e3');
    expect(csvCell('north')).toBe('north');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('quotes what CSV needs quoted, and the result parses back to the escaped text', () => {
    const cells = ['=HYPERLINK("http://x","y")', 'a,b', 'line\nbreak', 'q"q'];
    const line = cells.map(csvCell).join(',');
    const parsed = parseCsv(`h1,h2,h3,h4\n${line}\n`);
    expect(parsed.rows[0]).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", 'a,b', 'line\nbreak', 'q"q']);
  });
});
