// Online registry commands: `vigil models list|register|upload`.
import fs from 'node:fs';
import path from 'node:path';
import { CliError, type Command } from '../command';
import { PAGE_HELP, pageFooter, pageOptions, pageRequest, readPages } from '../lib/pages';
import { call, client, postFile, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

export const modelsList: Command = {
  path: ['models', 'list'],
  summary: 'List registered models by name, a page at a time (online)',
  usage: `Usage: vigil models list [--search TEXT] [--limit N] [--page P | --all] [--json]

Models in name order, one line each: name, latest version, number of versions.
  --search TEXT   only models whose name contains TEXT (case-insensitive)

${PAGE_HELP}

${REMOTE_HELP}`,
  options: { ...remoteOptions, ...pageOptions, search: { type: 'string' } },
  async run(v, io) {
    const req = pageRequest(v);
    const c = client(v);
    const q = v.search ? String(v.search) : undefined;
    const listed = await readPages(req, (offset, limit) => call(() => c.models.page.query({ offset, limit, sort: 'name', dir: 'asc', q })));
    printJsonOr(io, v.json as boolean, listed, () => (listed.rows.length ? listed.rows.map((r) => `${r.name}\tlatest v${r.latestVersion ?? '-'}\t${r.versions} version(s)`).join('\n') + '\n' : 'no models\n'));
    const footer = v.json ? null : pageFooter(listed, 'models');
    if (footer) io.stderr(footer);
    return 0;
  },
};

export const modelsRegister: Command = {
  path: ['models', 'register'],
  summary: "Register a succeeded run's artifact as a new model version (online)",
  usage: `Usage: vigil models register --run RUN_ID --model NAME [--tags a,b] [--json]\n\n${REMOTE_HELP}`,
  options: { ...remoteOptions, run: { type: 'string' }, model: { type: 'string' }, tags: { type: 'string' } },
  async run(v, io) {
    if (!v.run) throw new CliError('--run is required');
    if (!v.model) throw new CliError('--model is required');
    const tags = String(v.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const res = await call(() => client(v).models.registerFromRun.mutate({ runId: String(v.run), model: String(v.model), tags }));
    printJsonOr(io, v.json as boolean, res, () => `${res.created ? 'registered' : 'already registered'} ${res.model.name} v${res.version.version}  artifact ${res.version.artifactSha256}\n`);
    return 0;
  },
};

export const modelsUpload: Command = {
  path: ['models', 'upload'],
  summary: 'Register an ONNX model built elsewhere (online)',
  usage: `Usage: vigil models upload --model NAME --file M.onnx [--tags a,b]
         [--columns a,b,c | --mapping MAPPING.json] [--dataset-version ID] [--json]

The console checks that onnxruntime can load the file and reads its input/output signature.

Input mapping, for a model taking ONE tensor [N, d] (PyTorch, skl2onnx, onnxmltools exports):
  --columns a,b,c        the raw numeric columns, in the order of the tensor's d columns
  --mapping FILE.json    {"columns": [...]} or {"featureSpec": {...}}: a Vigil feature spec whose
                         preprocessing is put in front of the graph (statistics left out are
                         fitted on --dataset-version, which it then needs)
  --task T               binary (default), multiclass or regression (with --columns; in a
                         --mapping file it is the "task" field)
  --classes a,b,c        a multiclass model's class names, in the order of its probability
                         columns (not needed when the file has scikit-learn's ZipMap)
The stored model takes raw columns and outputs, after a parity check against the file:
  binary      probability = P(class 1) (from an [N,1] or [N,2] output, or label + ZipMap)
  multiclass  probabilities [N,k] (from an output named so, the tensor a ZipMap reads, or the one
              [N,k] output)
  regression  prediction [N,1] (from an output named prediction or variable, or the one [N] /
              [N,1] output)
  --dataset-version ID   the dataset version the drift reference is computed from (and a
                         mapping's parity rows); any upload may name one

${REMOTE_HELP}`,
  options: { ...remoteOptions, model: { type: 'string' }, file: { type: 'string' }, tags: { type: 'string' }, columns: { type: 'string' }, mapping: { type: 'string' }, task: { type: 'string' }, classes: { type: 'string' }, 'dataset-version': { type: 'string' } },
  async run(v, io) {
    if (!v.model) throw new CliError('--model is required');
    if (!v.file) throw new CliError('--file is required');
    const file = String(v.file);
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
    if (v.columns && v.mapping) throw new CliError('give --columns or --mapping, not both');
    const q = new URLSearchParams({ filename: path.basename(file) });
    if (v.tags) q.set('tags', String(v.tags));
    if (v.columns) q.set('columns', String(v.columns));
    if ((v.task || v.classes) && !v.columns) throw new CliError('--task and --classes go with --columns; in a --mapping file use its "task" and "classes" fields');
    if (v.task) q.set('task', String(v.task));
    if (v.classes) q.set('classes', String(v.classes));
    if (v.mapping) {
      const mf = String(v.mapping);
      if (!fs.existsSync(mf)) throw new CliError(`${mf}: no such file`);
      const text = fs.readFileSync(mf, 'utf8');
      try {
        JSON.parse(text);
      } catch (e) {
        throw new CliError(`${mf}: not JSON: ${(e as Error).message}`);
      }
      q.set('inputMapping', text);
    }
    if (v['dataset-version']) q.set('datasetVersionId', String(v['dataset-version']));
    const res = (await postFile(v, `/api/models/${encodeURIComponent(String(v.model))}/versions?${q}`, fs.readFileSync(file), 'application/octet-stream')) as {
      model: { name: string };
      version: { version: number; artifactSha256: string };
    };
    printJsonOr(io, v.json as boolean, res, () => `registered ${res.model.name} v${res.version.version}  artifact ${res.version.artifactSha256}\n`);
    return 0;
  },
};
