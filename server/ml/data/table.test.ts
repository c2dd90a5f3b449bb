import { describe, expect, it } from 'vitest';
import { buildTable, compareCodePoint, getColumn, isNumericToken } from './table';
import { parseCsv } from './csv';

describe('isNumericToken', () => {
  it('accepts finite decimals in plain or exponent form', () => {
    for (const s of ['3', '3.0', '-1.5e3', '+2', '.5', '5.', '1E-7', '007', '0', '-0']) {
      expect(isNumericToken(s), s).toBe(true);
    }
  });
  it('rejects everything else', () => {
    for (const s of ['', ' 3', '3 ', '0x1F', 'Infinity', '-Infinity', 'NaN', '1_000', '1e999', '1,5', 'e5', '.', '-', '1e', '1.2.3', '0b1']) {
      expect(isNumericToken(s), s).toBe(false);
    }
  });
});

describe('compareCodePoint', () => {
  it('orders by code point, not UTF-16 units or locale', () => {
    const words = ['😀', '\uFFFF', 'é', 'a', 'Z', 'ab', '', 'A'];
    const sorted = [...words].sort(compareCodePoint);
    expect(sorted).toEqual(['', 'A', 'Z', 'a', 'ab', 'é', '\uFFFF', '😀']);
    // UTF-16 unit order would put the astral emoji (0xD83D...) before U+FFFF.
    expect(['😀', '\uFFFF'].sort()).toEqual(['😀', '\uFFFF']);
    expect(compareCodePoint('😀', '\uFFFF')).toBeGreaterThan(0);
    expect(compareCodePoint('\uE000', '\uD7FF')).toBeGreaterThan(0);
    expect(compareCodePoint('𝒜', '😀')).toBeLessThan(0); // U+1D49C < U+1F600
    expect(compareCodePoint('x', 'x')).toBe(0);
  });
});

describe('buildTable', () => {
  it('types columns by the CSV contract', () => {
    const { header, rows } = parseCsv('n,c,z,e\n1,007,,x\n2.5,7,,\n,a,,y\n');
    const t = buildTable(header, rows);
    expect(t.rowCount).toBe(3);
    const n = getColumn(t, 'n');
    expect(n.type).toBe('numeric');
    expect(Array.from(n.values as Float64Array)).toEqual([1, 2.5, NaN]);
    const c = getColumn(t, 'c');
    expect(c.type).toBe('categorical');
    expect(c.values).toEqual(['007', '7', 'a']);
    expect(getColumn(t, 'z').type).toBe('numeric'); // all missing: numeric, all NaN
    expect(getColumn(t, 'e').values).toEqual(['x', null, 'y']);
    expect(t.rows).toBe(rows);
  });
  it('names the missing column', () => {
    const t = buildTable(['a'], [['1']]);
    expect(() => getColumn(t, 'b')).toThrow("column 'b' not found (columns: a)");
  });
});

describe('rowObject', () => {
  it('gives a row as field → value with missing cells as null', async () => {
    const { rowObject } = await import('./table');
    const t = buildTable(['a', 'b'], [['1.5', 'x'], [null, null]]);
    expect(rowObject(t, 0)).toEqual({ a: 1.5, b: 'x' });
    expect(rowObject(t, 1)).toEqual({ a: null, b: null });
  });
});

describe('isNumericToken on hostile cells', () => {
  // A backtracking pattern such as /^\d+\.?\d*$/ takes quadratic time on a long digit run that
  // fails at its end (a 60 KB cell took 9.5 s). The scanner reads each character once.
  it('answers on a 1 MB digit cell at once, numeric or not', () => {
    const digits = '7'.repeat(1 << 20);
    const started = performance.now();
    expect(isNumericToken(`${digits}x`)).toBe(false);
    expect(isNumericToken(`${digits}.${digits}e`)).toBe(false);
    expect(isNumericToken(`-${digits.slice(0, 300)}`)).toBe(true);
    expect(isNumericToken(digits)).toBe(false); // overflows to Infinity: not finite
    expect(isNumericToken(`0.${digits}`)).toBe(true);
    // Generous bound: a linear pass over 4 MB takes milliseconds; the old pattern took hours.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('builds a table whose only cell is 1 MB of digits and a letter', () => {
    const cell = `${'1'.repeat(1 << 20)}a`;
    const t = buildTable(['c'], [[cell]]);
    expect(t.columns[0].type).toBe('categorical');
  });
});
