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

const TASKS = ['binary', 'multiclass', 'regression'] as const;

export const runsStart: Command = {
  path: ['runs', 'start'],
  summary: 'Start a training run on the workers (online)',
  usage: `Usage: vigil runs start --experiment E --dataset-version ID --target y --trainer NAME
                        [--task binary|multiclass|regression] [--params JSON] [--seed N] [--wait] [--json]

Queues a training run. With --wait, follows its progress and exits 0 when it succeeds, 1 when it
fails or is cancelled.
  --task      binary (default): the target is 0 or 1; trainers logreg, gbdt or a command trainer
              multiclass: the target holds class names (2 to 100); trainers logreg (softmax), gbdt
              regression: the target is a number on every row; trainers ridge (params: l2), gbdt

${REMOTE_HELP}`,
  options: {
    ...remoteOptions,
    experiment: { type: 'string' },
    'dataset-version': { type: 'string' },
    target: { type: 'string' },
    trainer: { type: 'string' },
    task: { type: 'string' },
    params: { type: 'string' },
    seed: { type: 'string' },
    wait: { type: 'boolean' },
  },
  async run(v, io) {
    for (const k of ['experiment', 'dataset-version', 'target', 'trainer']) if (!v[k]) throw new CliError(`--${k} is required`);
    const seed = v.seed === undefined ? 0 : Number(v.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a non-negative integer, got '${v.seed}'`);
    const task = v.task === undefined ? 'binary' : String(v.task);
    if (!(TASKS as readonly string[]).includes(task)) throw new CliError(`--task must be one of ${TASKS.join(', ')}, got '${task}'`);
    const c = client(v);
    const run = await call(() =>
      c.runs.start.mutate({
        experiment: String(v.experiment),
        datasetVersionId: String(v['dataset-version']),
        target: String(v.target),
        task: task as (typeof TASKS)[number],
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
    const v2 = (r.run.metrics as { validation?: { metrics?: Record<string, unknown> } | null } | null)?.validation?.metrics;
    // The task's headline validation metric: AUC (binary), log-loss and accuracy (multiclass), RMSE and R² (regression).
    const headline =
      r.run.task === 'multiclass' ? `valid      log_loss ${String(v2?.log_loss ?? '-')}  accuracy ${String(v2?.accuracy ?? '-')}  macro_f1 ${String(v2?.macro_f1 ?? '-')}`
      : r.run.task === 'regression' ? `valid      rmse ${String(v2?.rmse ?? '-')}  mae ${String(v2?.mae ?? '-')}  r2 ${String(v2?.r2 ?? '-')}`
      : `valid AUC  ${String(v2?.auc ?? '-')}`;
    printJsonOr(io, v.json as boolean, r.run, () =>
      [
        `run        ${r.run.id}  ${r.run.name}`,
        `status     ${r.run.status}${r.run.error ? ` (${r.run.error})` : ''}`,
        `data       ${r.dataset && r.datasetVersion ? `${r.dataset.name}@${r.datasetVersion.sha256}` : '-'}`,
        ...(r.run.source === 'external' ? [`source     external  code ${r.run.codeVersion ?? '-'}`] : []),
        `task       ${r.run.task}`,
        `trainer    ${r.run.trainer} ${r.run.trainerVersion ?? ''}  seed ${r.run.seed}  params ${JSON.stringify(r.run.params)}`,
        `artifact   ${r.run.artifactSha256 ?? '-'}`,
        headline,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
