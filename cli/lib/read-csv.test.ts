import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile, readTable } from './read-csv';
import { parseCsv } from '../../server/ml/data/csv';
import { CliError } from '../command';

const dir = mkdtempSync(join(tmpdir(), 'vigil-readcsv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCsvFile', () => {
  it('streams a multi-chunk file with multibyte text and quoted newlines like parseCsv', async () => {
    // > 64 KiB so the stream delivers several chunks; multibyte characters land on chunk edges.
    const lines = ['id,text,x'];
    for (let i = 0; i < 3000; i++) lines.push(`${i},"é😀 ""q"",\r\nline ${i}",${i % 7 === 0 ? '' : i / 4}`);
    const text = '\uFEFF' + lines.join('\r\n') + '\r\n';
    const path = join(dir, 'big.csv');
    writeFileSync(path, text);
    const got = await readCsvFile(path);
    expect(got).toEqual(parseCsv(text));
    expect(got.rows).toHaveLength(3000);
    expect(got.rows[5]).toEqual(['5', 'é😀 "q",\r\nline 5', '1.25']);
    expect(got.rowLines[5]).toBe(2 + 2 * 5);
    const t = await readTable(path);
    expect(t.columns.map((c) => c.type)).toEqual(['numeric', 'categorical', 'numeric']);
    expect(t.rowLines![5]).toBe(12);
  });

  it('names the file and line in errors', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    await expect(readCsvFile(path)).rejects.toThrow(new CliError(`${path}: line 3: expected 2 fields, found 1`));
    const bin = join(dir, 'bin.csv');
    writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    await expect(readCsvFile(bin)).rejects.toThrow(`${bin}: line 1: not a CSV file`);
    await expect(readCsvFile(join(dir, 'missing.csv'))).rejects.toThrow('missing.csv: no such file');
    await expect(readCsvFile(dir)).rejects.toThrow('is a directory');
    await expect(readCsvFile(path, { maxBytes: 4 })).rejects.toThrow('file exceeds the 4-byte limit');
  });
});
