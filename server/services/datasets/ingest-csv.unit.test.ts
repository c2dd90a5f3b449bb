// A non-UTF-8 upload names the exact byte, line and column (issue 9, D20: it said "near byte 0"
// for a bad byte at offset 13), however the stream is cut into chunks. The reference is
// TextDecoder itself: the first invalid byte is the shortest prefix it refuses.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCsv } from './ingest-csv';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ingest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* chunks(bytes: Uint8Array, sizes: number[]) {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    yield bytes.slice(at, at + n);
    at += n;
  }
}

async function ingestError(bytes: Uint8Array, sizes = [1 << 16]): Promise<string> {
  const tmp = path.join(dir, crypto.randomBytes(6).toString('hex'));
  try {
    await ingestCsv(chunks(bytes, sizes), tmp, 1 << 30);
  } catch (e) {
    expect(fs.existsSync(tmp)).toBe(false);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

/**
 * The reference: the shortest prefix TextDecoder refuses (or the whole file, when only an
 * unfinished sequence at the end is wrong); what it decoded of the prefix before that ends
 * where the malformed sequence begins.
 */
function referenceOffset(bytes: Uint8Array): number {
  let o = 0;
  for (; o < bytes.length; o++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, o + 1), { stream: true });
    } catch {
      break;
    }
  }
  const good = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, o), { stream: true });
  return new TextEncoder().encode(good).length;
}

function lineColumn(bytes: Uint8Array, offset: number): [number, number] {
  const before = new TextDecoder().decode(bytes.subarray(0, offset));
  const lines = before.split('\n');
  return [lines.length, Array.from(lines[lines.length - 1]).length + 1];
}

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('ingestCsv: where the bytes stop being UTF-8', () => {
  it("names byte 13, line 3 and the column for the issue's file", async () => {
    const bytes = cat(enc('a,b\n1,2\nxyzé,'), [0xff], enc('\n'));
    expect(bytes.indexOf(0xff)).toBe(14);
    expect(await ingestError(bytes)).toBe('not a CSV file: the bytes are not valid UTF-8 at byte 14 (line 3, column 6)');
    const lone = cat(enc('a,b\n1,2\nxyzé'), [0x80]);
    expect(await ingestError(lone)).toBe('not a CSV file: the bytes are not valid UTF-8 at byte 13 (line 3, column 5)');
  });

  it('places a sequence broken across a chunk boundary, and an unfinished one at the end', async () => {
    // é = C3 A9: the chunk ends after C3, the next begins with 'A' (not a continuation byte).
    const bytes = cat(enc('h\nab'), [0xc3], enc('A,1\n'));
    expect(await ingestError(bytes, [5])).toBe('not a CSV file: the bytes are not valid UTF-8 at byte 4 (line 2, column 3)');
    expect(await ingestError(cat(enc('h\nabc'), [0xe2, 0x82]), [3])).toBe('not a CSV file: the bytes are not valid UTF-8 at byte 5 (line 2, column 4)');
  });

  it('agrees with TextDecoder on random bytes cut into random chunks', async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pieces = ['a', '\n', 'é', '€', '😀', 'ß'].map(enc);
    const bad = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf0, 0x9f]];
    for (let t = 0; t < 300; t++) {
      const parts: (Uint8Array | number[])[] = [enc('h\n')];
      const n = 1 + Math.floor(rand() * 30);
      for (let i = 0; i < n; i++) parts.push(pieces[Math.floor(rand() * pieces.length)]);
      parts.push(bad[Math.floor(rand() * bad.length)]);
      if (rand() < 0.5) parts.push(enc('tail\n'));
      const bytes = cat(...parts);
      const sizes = [1 + Math.floor(rand() * 7), 1 + Math.floor(rand() * 5)];
      const at = referenceOffset(bytes);
      const [line, column] = lineColumn(bytes, at);
      expect(await ingestError(bytes, sizes), `case ${t}: ${Buffer.from(bytes).toString('hex')} in chunks of ${sizes}`).toBe(`not a CSV file: the bytes are not valid UTF-8 at byte ${at} (line ${line}, column ${column})`);
    }
  });
});
