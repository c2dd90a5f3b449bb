// Online training commands: `vigil runs start|show`.
import { CliError, type Command } from '../command';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

function parseJsonOption(name: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(String(value));
  } catch (e) {
    throw new CliError(`--${name} is not valid JSON: ${(e as Error).message}`);
  }
}

export const runsStart: Command = {
  path: ['runs', 'start'],
  summary: 'Start a training run on the workers (online)',
  usage: `Usage: vigil runs start --experiment E --dataset-version ID --target y --trainer logreg|gbdt
                        [--params JSON] [--seed N] [--wait] [--json]

Queues a training run. With --wait, follows its progress and exits 0 when it succeeds, 1 when it
fails or is cancelled.

${REMOTE_HELP}`,
  options: {
    ...remoteOptions,
    experiment: { type: 'string' },
    'dataset-version': { type: 'string' },
    target: { type: 'string' },
    trainer: { type: 'string' },
    params: { type: 'string' },
    seed: { type: 'string' },
    wait: { type: 'boolean' },
  },
  async run(v, io) {
    for (const k of ['experiment', 'dataset-version', 'target', 'trainer']) if (!v[k]) throw new CliError(`--${k} is required`);
    const seed = v.seed === undefined ? 0 : Number(v.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a non-negative integer, got '${v.seed}'`);
    const c = client(v);
    const run = await call(() =>
      c.runs.start.mutate({
        experiment: String(v.experiment),
        datasetVersionId: String(v['dataset-version']),
        target: String(v.target),
        trainer: String(v.trainer),
        params: (parseJsonOption('params', v.params) ?? {}) as Record<string, unknown>,
        seed,
      }),
    );
    if (!v.wait) {
      printJsonOr(io, v.json as boolean, run, () => `queued run ${run.id} (${run.name})\n`);
      return 0;
    }
    let last = -1;
    for (;;) {
      const r = await call(() => c.runs.get.query({ id: run.id }));
      const pct = Math.round(r.run.progress * 100);
      if (!v.json && pct !== last) io.stderr(`\r${r.run.status} ${pct}%`);
      last = pct;
      if (['succeeded', 'failed', 'cancelled'].includes(r.run.status)) {
        if (!v.json) io.stderr('\n');
        printJsonOr(io, v.json as boolean, r.run, () => `run ${r.run.id} ${r.run.status}${r.run.error ? `: ${r.run.error}` : ''}${r.run.artifactSha256 ? `  artifact ${r.run.artifactSha256}` : ''}\n`);
        return r.run.status === 'succeeded' ? 0 : 1;
      }
      await new Promise((res) => setTimeout(res, 1000));
    }
  },
};

export const runsShow: Command = {
  path: ['runs', 'show'],
  summary: 'Show a run: status, lineage, metrics (online)',
  usage: `Usage: vigil runs show --id RUN_ID [--json]\n\n${REMOTE_HELP}`,
  options: { ...remoteOptions, id: { type: 'string' } },
  async run(v, io) {
    if (!v.id) throw new CliError('--id is required');
    const r = await call(() => client(v).runs.get.query({ id: String(v.id) }));
    const m = r.run.metrics as { validation?: { metrics?: { auc?: number } } } | null;
    printJsonOr(io, v.json as boolean, r.run, () =>
      [
        `run        ${r.run.id}  ${r.run.name}`,
        `status     ${r.run.status}${r.run.error ? ` (${r.run.error})` : ''}`,
        `data       ${r.dataset && r.datasetVersion ? `${r.dataset.name}@${r.datasetVersion.sha256}` : '-'}`,
        ...(r.run.source === 'external' ? [`source     external  code ${r.run.codeVersion ?? '-'}`] : []),
        `trainer    ${r.run.trainer} ${r.run.trainerVersion ?? ''}  seed ${r.run.seed}  params ${JSON.stringify(r.run.params)}`,
        `artifact   ${r.run.artifactSha256 ?? '-'}`,
        `valid AUC  ${m?.validation?.metrics?.auc ?? '-'}`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
