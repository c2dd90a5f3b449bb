// Reads a stored CSV dataset version into a Table, streaming the bytes through the parser.
import { CsvCollector, CsvParser } from '@/server/ml/data/csv';
import { buildTable, type Table } from '@/server/ml/data/table';
import { keyForSha } from './artifact-store';
import { artifactStore } from './index';

export async function readStoredTable(sha256: string): Promise<Table> {
  const stream = await artifactStore().get(keyForSha(sha256));
  stream.setEncoding('utf8');
  const parser = new CsvParser();
  const collector = new CsvCollector();
  for await (const chunk of stream) collector.add(parser.push(chunk as string), parser.lastRecordLines);
  collector.add(parser.end(), parser.lastRecordLines);
  const { header, rows, rowLines } = collector.result();
  return buildTable(header, rows, rowLines);
}
