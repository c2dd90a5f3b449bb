// Online dataset commands: `vigil datasets upload|list`.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CliError, type Command } from '../command';
import { PAGE_HELP, pageFooter, pageOptions, pageRequest, readPages } from '../lib/pages';
import { call, client, postFile, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

export const datasetsUpload: Command = {
  path: ['datasets', 'upload'],
  summary: 'Upload a CSV as a new version of a dataset (online)',
  usage: `Usage: vigil datasets upload --name <dataset> --file D.csv [--description text] [--json]

Streams the file to the console. The version is named by the SHA-256 of the bytes; uploading
the same bytes again returns the existing version. Prints the version id, sha256 and rows.

${REMOTE_HELP}`,
  options: { ...remoteOptions, name: { type: 'string' }, file: { type: 'string' }, description: { type: 'string' } },
  async run(v, io) {
    if (!v.name) throw new CliError('--name is required');
    if (!v.file) throw new CliError('--file is required');
    const file = String(v.file);
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
    const q = new URLSearchParams({ name: String(v.name), filename: path.basename(file) });
    if (v.description) q.set('description', String(v.description));
    const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
    const res = (await postFile(v, `/api/datasets?${q}`, body, 'text/csv')) as { created: boolean; dataset: { name: string }; version: { id: string; sha256: string; rowCount: number } };
    printJsonOr(io, v.json as boolean, res, () =>
      `${res.created ? 'uploaded' : 'already uploaded'} ${res.dataset.name}@${res.version.sha256.slice(0, 12)}  id ${res.version.id}  ${res.version.rowCount} rows\n`,
    );
    return 0;
  },
};

export const datasetsList: Command = {
  path: ['datasets', 'list'],
  summary: 'List datasets, latest upload first, a page at a time (online)',
  usage: `Usage: vigil datasets list [--search TEXT] [--limit N] [--page P | --all] [--json]

Datasets with the latest upload first, one line each: name, number of versions.
  --search TEXT   only datasets whose name contains TEXT (case-insensitive)

${PAGE_HELP}

${REMOTE_HELP}`,
  options: { ...remoteOptions, ...pageOptions, search: { type: 'string' } },
  async run(v, io) {
    const req = pageRequest(v);
    const c = client(v);
    const q = v.search ? String(v.search) : undefined;
    const listed = await readPages(req, (offset, limit) => call(() => c.datasets.page.query({ offset, limit, q })));
    printJsonOr(io, v.json as boolean, listed, () => (listed.rows.length ? listed.rows.map((r) => `${r.name}\t${r.versions} version(s)`).join('\n') + '\n' : 'no datasets\n'));
    const footer = v.json ? null : pageFooter(listed, 'datasets');
    if (footer) io.stderr(footer);
    return 0;
  },
};
