// Streams an uploaded CSV once: hashes the bytes, writes them to a temp file in the artifact
// store, checks that it parses (RFC 4180, UTF-8) and infers the schema. Nothing is stored under
// a key unless the whole file is valid, and a 100 MB file is never held as one string.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { CsvError, CsvParser } from '@/server/ml/data/csv';
import { isNumericToken } from '@/server/ml/data/table';
import { advancePosition, firstInvalidUtf8, pendingTail, type Utf8Position } from '@/server/ml/data/utf8-position';

export interface IngestedCsv {
  tempPath: string;
  sha256: string;
  byteSize: number;
  rowCount: number;
  schema: { name: string; type: 'numeric' | 'categorical'; nullable: boolean }[];
}

export class IngestError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: string) {
    super(message);
  }
}

export async function ingestCsv(source: AsyncIterable<Uint8Array>, tempPath: string, maxBytes: number): Promise<IngestedCsv> {
  const hash = crypto.createHash('sha256');
  const out = fs.createWriteStream(tempPath, { flags: 'wx' });
  // Wait for the file to exist: removing it on an early error must not race its creation.
  await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new CsvParser();
  let header: string[] | null = null;
  let numeric: boolean[] = [];
  let missing: boolean[] = [];
  let rowCount = 0;
  let bytes = 0;
  // Where the decoded text so far ends, and the bytes the decoder holds back: enough to place
  // an invalid byte exactly (offset, line, column) when the decoder refuses a chunk.
  let pos = { line: 1, column: 1 };
  let held: Uint8Array = new Uint8Array(0);
  const notUtf8 = (p: Utf8Position | null, fallback: number) => {
    const where = p ? `byte ${p.offset} (line ${p.line}, column ${p.column})` : `byte ${fallback}`;
    return new IngestError(`not a CSV file: the bytes are not valid UTF-8 at ${where}`, p?.line);
  };

  const take = (records: string[][]) => {
    for (const rec of records) {
      if (!header) {
        header = rec;
        numeric = rec.map(() => true);
        missing = rec.map(() => false);
        continue;
      }
      rowCount++;
      for (let j = 0; j < rec.length; j++) {
        const v = rec[j];
        if (v === '') missing[j] = true;
        else if (numeric[j] && !isNumericToken(v)) numeric[j] = false;
      }
    }
  };

  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => (out.write(chunk, (e) => (e ? reject(e) : resolve())) ? undefined : undefined));

  try {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new IngestError(`file exceeds the upload limit of ${maxBytes} bytes (VIGIL_MAX_DATASET_BYTES)`);
      hash.update(chunk);
      await write(chunk);
      let text: string;
      const before = bytes - chunk.byteLength;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const start = { offset: before - held.length, ...pos };
        throw notUtf8(firstInvalidUtf8(concat(held, chunk), start), before);
      }
      pos = advancePosition(pos, text);
      held = pendingTail(chunk.byteLength >= 3 ? chunk : concat(held, chunk));
      take(parser.push(text));
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw notUtf8(firstInvalidUtf8(held, { offset: bytes - held.length, ...pos }, true), bytes - held.length);
    }
    take(parser.push(rest));
    take(parser.end());
    if (!header) throw new IngestError('the file is empty', 1);
    if (rowCount === 0) throw new IngestError('the file has a header but no data rows', 2);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const h: string[] = header;
    return {
      tempPath,
      sha256: hash.digest('hex'),
      byteSize: bytes,
      rowCount,
      schema: h.map((name, j) => ({ name, type: numeric[j] ? 'numeric' : 'categorical', nullable: missing[j] })),
    };
  } catch (e) {
    out.destroy();
    await fs.promises.rm(tempPath, { force: true });
    if (e instanceof CsvError) throw new IngestError(e.message, e.line, e.column);
    throw e;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
