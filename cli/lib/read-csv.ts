// Reads a CSV file for a CLI command: streams it through CsvParser (never one big string) and
// turns parse and I/O problems into CliErrors that name the file and line.
import { createReadStream } from 'node:fs';
import { CsvCollector, CsvError, CsvParser, type CsvParserOptions } from '../../server/ml/data/csv';
import { buildTable, type Table } from '../../server/ml/data/table';
import { CliError } from '../command';

export interface CsvFile {
  header: string[];
  rows: (string | null)[][];
  /** 1-based file line on which each data row starts. */
  rowLines: number[];
}

function ioMessage(path: string, err: unknown): string {
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code === 'ENOENT') return `${path}: no such file`;
  if (code === 'EISDIR') return `${path}: is a directory, not a CSV file`;
  if (code === 'EACCES') return `${path}: permission denied`;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
}

export async function readCsvFile(path: string, opts: CsvParserOptions = {}): Promise<CsvFile> {
  const parser = new CsvParser(opts);
  const collector = new CsvCollector();
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) {
      collector.add(parser.push(chunk as string), parser.lastRecordLines);
    }
    collector.add(parser.end(), parser.lastRecordLines);
    return collector.result();
  } catch (err) {
    stream.destroy();
    if (err instanceof CsvError) throw new CliError(`${path}: ${err.message}`);
    throw new CliError(ioMessage(path, err));
  }
}

export async function readTable(path: string, opts: CsvParserOptions = {}): Promise<Table> {
  const { header, rows, rowLines } = await readCsvFile(path, opts);
  return buildTable(header, rows, rowLines);
}
