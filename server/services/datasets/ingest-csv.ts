// Streams an uploaded CSV once: hashes the bytes, writes them to a temp file in the artifact
// store, checks that it parses (RFC 4180, UTF-8) and infers the schema. Nothing is stored under
// a key unless the whole file is valid, and a 100 MB file is never held as one string.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { CsvError, CsvParser } from '@/server/ml/data/csv';
import { isNumericToken } from '@/server/ml/data/table';

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
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new IngestError(`not a CSV file: the bytes are not valid UTF-8 (near byte ${bytes - chunk.byteLength})`);
      }
      take(parser.push(text));
    }
    try {
      take(parser.push(decoder.decode()));
    } catch (e) {
      if (e instanceof CsvError) throw e;
      throw new IngestError('not a CSV file: the bytes are not valid UTF-8 at the end of the file');
    }
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
