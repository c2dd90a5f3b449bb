// Run tracking for training done elsewhere: `vigil runs log|metric|finish` (the REST routes under
// /api/runs; clients/python has the same calls for Python scripts).
import fs from 'node:fs';
import { CliError, type Command } from '../command';
import { postFile, printJsonOr, REMOTE_HELP, remoteOptions, type RemoteOptions } from '../lib/remote';

const TRACKING_HELP = `The run is one of yours, status running until \`vigil runs finish\`; its page in the console
charts its metrics live. A finished run takes no more writes. Once finished with a model, register
it like any run (\`vigil models register --run RUN_ID --model NAME\`).`;

function postJson(o: RemoteOptions, path: string, body: unknown) {
  return postFile(o, path, Buffer.from(JSON.stringify(body)), 'application/json');
}

function jsonObjectOption(name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch (e) {
    throw new CliError(`--${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`--${name} must be a JSON object, like '{"lr": 0.01}'`);
  return parsed as Record<string, unknown>;
}

const runPath = (id: unknown) => `/api/runs/${encodeURIComponent(String(id))}`;

export const runsLog: Command = {
  path: ['runs', 'log'],
  summary: 'Start a run trained outside Vigil, or add params to it (online)',
  usage: `Usage: vigil runs log --experiment E [--name N] [--trainer NAME] [--dataset-version ID]
                      [--target COLUMN] [--code-version SHA] [--params JSON] [--json]
       vigil runs log --id RUN_ID --params JSON [--json]

The first form starts a run for a training script running elsewhere and prints its id. The
second adds params to a running run (a name logged again replaces its value).

Options:
  --experiment <name>      experiment to file the run under (created if new)
  --name <name>            run name (default: from the trainer and dataset version)
  --trainer <name>         what trains it, e.g. pytorch-mlp (default: external)
  --dataset-version <id>   the dataset version it trains on (lineage, and the drift reference of
                           versions registered from it)
  --target <column>        the label column in that dataset version
  --code-version <sha>     the training code's version, e.g. "$(git rev-parse HEAD)"
  --params <json>          a JSON object; at most 100 names and 16 KiB
  --id <run>               an existing run (second form)

${TRACKING_HELP}

${REMOTE_HELP}`,
  options: {
    ...remoteOptions,
    id: { type: 'string' },
    experiment: { type: 'string' },
    name: { type: 'string' },
    trainer: { type: 'string' },
    'dataset-version': { type: 'string' },
    target: { type: 'string' },
    'code-version': { type: 'string' },
    params: { type: 'string' },
  },
  async run(v, io) {
    const params = jsonObjectOption('params', v.params);
    if (v.id) {
      for (const k of ['experiment', 'name', 'trainer', 'dataset-version', 'target', 'code-version']) if (v[k] !== undefined) throw new CliError(`--${k} is only for starting a run; with --id give --params`);
      if (!params) throw new CliError('--params is required with --id');
      const res = (await postJson(v, `${runPath(v.id)}/params`, { params })) as { id: string; params: Record<string, unknown> };
      printJsonOr(io, v.json as boolean, res, () => `run ${res.id} params ${JSON.stringify(res.params)}\n`);
      return 0;
    }
    if (!v.experiment) throw new CliError('--experiment is required (or --id to add params to a run)');
    const body = {
      experiment: String(v.experiment),
      name: v.name === undefined ? undefined : String(v.name),
      trainer: v.trainer === undefined ? undefined : String(v.trainer),
      datasetVersionId: v['dataset-version'] === undefined ? undefined : String(v['dataset-version']),
      target: v.target === undefined ? undefined : String(v.target),
      codeVersion: v['code-version'] === undefined ? undefined : String(v['code-version']),
      params,
    };
    const run = (await postJson(v, '/api/runs', body)) as { id: string; name: string };
    printJsonOr(io, v.json as boolean, run, () => `started run ${run.id} (${run.name})\n`);
    return 0;
  },
};

export const runsMetric: Command = {
  path: ['runs', 'metric'],
  summary: 'Log step metrics of a run trained outside Vigil (online)',
  usage: `Usage: vigil runs metric --id RUN_ID --name NAME --step N --value X [--progress P] [--json]
       vigil runs metric --id RUN_ID --metrics JSON [--progress P] [--json]

Records metric values at a training step (e.g. loss at epoch 3). A name logged again at the same
step replaces its value.

Options:
  --id <run>          the run (from \`vigil runs log\`)
  --name <name>       metric name: letters, digits, _ . / - (at most 64 characters)
  --step <n>          step number, a whole number from 0
  --value <x>         a finite number
  --metrics <json>    many points at once: [{"name":"loss","step":1,"value":0.5}, …] (at most 1000)
  --progress <p>      how far training is, 0–1 (the run page's progress bar)

A run holds at most 50 metric names and 20000 steps.

${REMOTE_HELP}`,
  options: { ...remoteOptions, id: { type: 'string' }, name: { type: 'string' }, step: { type: 'string' }, value: { type: 'string' }, metrics: { type: 'string' }, progress: { type: 'string' } },
  async run(v, io) {
    if (!v.id) throw new CliError('--id is required');
    let metrics: unknown;
    if (v.metrics !== undefined) {
      if (v.name !== undefined || v.step !== undefined || v.value !== undefined) throw new CliError('give --metrics or --name/--step/--value, not both');
      try {
        metrics = JSON.parse(String(v.metrics));
      } catch (e) {
        throw new CliError(`--metrics is not valid JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(metrics)) throw new CliError('--metrics must be a JSON array of {"name","step","value"}');
    } else {
      for (const k of ['name', 'step', 'value']) if (v[k] === undefined) throw new CliError(`--${k} is required (or --metrics)`);
      const step = Number(v.step);
      if (!/^[0-9]+$/.test(String(v.step)) || !Number.isSafeInteger(step)) throw new CliError(`--step must be a whole number from 0, got '${v.step}'`);
      const value = Number(v.value);
      if (String(v.value).trim() === '' || !Number.isFinite(value)) throw new CliError(`--value must be a finite number, got '${v.value}'`);
      metrics = [{ name: String(v.name), step, value }];
    }
    let progress: number | undefined;
    if (v.progress !== undefined) {
      progress = Number(v.progress);
      if (!Number.isFinite(progress) || progress < 0 || progress > 1) throw new CliError(`--progress must be a number from 0 to 1, got '${v.progress}'`);
    }
    const res = (await postJson(v, `${runPath(v.id)}/metrics`, { metrics, progress })) as { id: string; points: number; steps: number };
    printJsonOr(io, v.json as boolean, res, () => `run ${res.id}: ${res.points} point(s) logged, ${res.steps} step(s) in all\n`);
    return 0;
  },
};

export const runsFinish: Command = {
  path: ['runs', 'finish'],
  summary: 'Finish a run trained outside Vigil with its ONNX model, or as failed (online)',
  usage: `Usage: vigil runs finish --id RUN_ID --model model.onnx [--json]
       vigil runs finish --id RUN_ID --failed --error MESSAGE [--json]

With --model, uploads the trained model and marks the run succeeded. The console checks the
model as it checks uploads (size limit, static safety checks, a test load); a model it refuses
leaves the run running, so a fixed model can be sent again. With --failed, marks the run failed.

${TRACKING_HELP}

${REMOTE_HELP}`,
  options: { ...remoteOptions, id: { type: 'string' }, model: { type: 'string' }, failed: { type: 'boolean' }, error: { type: 'string' } },
  async run(v, io) {
    if (!v.id) throw new CliError('--id is required');
    let run: { id: string; status: string; artifactSha256: string | null; error: string | null };
    if (v.failed) {
      if (v.model !== undefined) throw new CliError('give --model or --failed, not both');
      if (!v.error) throw new CliError('--error is required with --failed (say why the run failed)');
      run = (await postJson(v, `${runPath(v.id)}/finish`, { status: 'failed', error: String(v.error) })) as typeof run;
    } else {
      if (!v.model) throw new CliError('--model is required (or --failed --error MESSAGE)');
      const file = String(v.model);
      if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
      run = (await postFile(v, `${runPath(v.id)}/finish`, fs.readFileSync(file), 'application/octet-stream')) as typeof run;
    }
    printJsonOr(io, v.json as boolean, run, () => `run ${run.id} ${run.status}${run.artifactSha256 ? `  artifact ${run.artifactSha256}` : ''}${run.error ? `: ${run.error}` : ''}\n`);
    return 0;
  },
};
