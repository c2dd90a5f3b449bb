import { describe, expect, it } from 'vitest';
import { buildTable } from './table';
import { goldenOverlap, rowHashes } from './row-hash';

const table = (header: string[], rows: (string | null)[][]) => buildTable(header, rows);

describe('row hashes and the golden-set overlap', () => {
  it('ignores column order and number spelling; missing differs from any value', () => {
    const a = table(['x', 'g'], [['1', 'n'], ['2.50', 's'], [null, 's']]);
    const b = table(['g', 'x'], [['n', '1.0'], ['s', '2.5'], ['s', '0']]);
    const ha = rowHashes(a, ['x', 'g']);
    const hb = rowHashes(b, ['g', 'x']);
    expect(hb[0]).toBe(ha[0]);
    expect(hb[1]).toBe(ha[1]);
    expect(hb[2]).not.toBe(ha[2]);
    expect(new Set(ha).size).toBe(3);
  });

  it('counts training rows that are golden rows over all golden columns, extra training columns ignored', () => {
    const golden = table(['x', 'g', 'y'], [['1', 'n', '0'], ['2', 's', '1'], ['3', 'e', '1']]);
    const training = table(['id', 'y', 'g', 'x'], [['a', '1', 's', '2'], ['b', '0', 's', '2'], ['c', '1', 'e', '3'], ['d', '0', 'n', '9']]);
    expect(goldenOverlap(golden, training)).toEqual({ checked: true, columns: ['x', 'g', 'y'], rows: 2, firstRows: [0, 2] });
  });

  it('does not compare when the training data lacks a golden column', () => {
    const golden = table(['x', 'g', 'y'], [['1', 'n', '0']]);
    const training = table(['x', 'y'], [['1', '0']]);
    expect(goldenOverlap(golden, training)).toEqual({ checked: false, missing: ['g'] });
  });
});
