// Hyper-parameter sweeps: `vigil sweeps start|show`.
import { CliError, type Command } from '../command';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

import { SWEEP_METRIC_NAMES as METRICS } from '../../server/ml/sweeps/best-run';

const TASKS = ['binary', 'multiclass', 'regression'] as const;

function wholeNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a non-negative integer, got '${String(value)}'`);
  return n;
}

export const sweepsStart: Command = {
  path: ['sweeps', 'start'],
  summary: 'Start a hyper-parameter sweep: N runs over a params space (online)',
  usage: `Usage: vigil sweeps start --experiment E --dataset-version ID --target y --trainer logreg
                          --space JSON [--task binary|multiclass|regression] [--strategy grid|random]
                          [--runs N] [--seed S] [--metric NAME] [--params JSON] [--json]

Queues one ordinary training run per point of the space; the workers train them side by side.
--space gives per param a list of values, or for --strategy random a range {"min":..,"max":..}
(optionally "log":true, "int":true), e.g. '{"l2":[0.01,0.1,1],"max_iter":[50,200]}'.
  --strategy   grid (default: every combination) or random (--runs points, seeded by --seed)
  --runs       random: how many runs (default 10); grid: refuse a grid larger than this (max 100)
  --seed       seeds the random draw and every run's training (default 0)
  --task       what every run trains (default binary; trainers per task as in \`vigil runs start\`)
  --metric     validation metric that picks the best run; lower wins for log_loss, brier, rmse, mae
                 binary:     auc (default), log_loss, brier, accuracy, f1, precision, recall
                 multiclass: log_loss (default), accuracy, macro_f1, weighted_f1, auc_ovr_macro
                 regression: rmse (default), mae, r2
  --params     params every run shares, e.g. '{"tol":1e-6}'

${REMOTE_HELP}`,
  options: {
    ...remoteOptions,
    experiment: { type: 'string' },
    'dataset-version': { type: 'string' },
    target: { type: 'string' },
    trainer: { type: 'string' },
    task: { type: 'string' },
    space: { type: 'string' },
    strategy: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    metric: { type: 'string' },
    params: { type: 'string' },
  },
  async run(v, io) {
    for (const k of ['experiment', 'dataset-version', 'target', 'trainer', 'space']) if (!v[k]) throw new CliError(`--${k} is required`);
    const json = (name: string): unknown => {
      if (v[name] === undefined) return undefined;
      try {
        return JSON.parse(String(v[name]));
      } catch (e) {
        throw new CliError(`--${name} is not valid JSON: ${(e as Error).message}`);
      }
    };
    const strategy = v.strategy === undefined ? 'grid' : String(v.strategy);
    if (strategy !== 'grid' && strategy !== 'random') throw new CliError(`--strategy must be grid or random, got '${strategy}'`);
    const task = v.task === undefined ? 'binary' : String(v.task);
    if (!(TASKS as readonly string[]).includes(task)) throw new CliError(`--task must be one of ${TASKS.join(', ')}, got '${task}'`);
    // The server checks the metric belongs to the task; the default is the task's own.
    const metric = v.metric === undefined ? undefined : String(v.metric);
    if (metric !== undefined && !(METRICS as readonly string[]).includes(metric)) throw new CliError(`--metric must be one of ${METRICS.join(', ')}, got '${metric}'`);
    const params = json('params');
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) throw new CliError('--params must be a JSON object');
    const sweep = await call(() =>
      client(v).sweeps.start.mutate({
        experiment: String(v.experiment),
        datasetVersionId: String(v['dataset-version']),
        target: String(v.target),
        task: task as (typeof TASKS)[number],
        trainer: String(v.trainer),
        space: json('space'),
        strategy,
        runs: wholeNumber('runs', v.runs),
        seed: wholeNumber('seed', v.seed) ?? 0,
        metric: metric as (typeof METRICS)[number] | undefined,
        params: (params ?? {}) as Record<string, unknown>,
      }),
    );
    printJsonOr(io, v.json as boolean, sweep, () => `queued sweep ${sweep.id}: ${sweep.maxRuns} ${sweep.trainer} runs (${sweep.strategy}), best by validation ${sweep.metric}\n`);
    return 0;
  },
};

export const sweepsShow: Command = {
  path: ['sweeps', 'show'],
  summary: "Show a sweep: its runs' params, status and metric, and the best run (online)",
  usage: `Usage: vigil sweeps show --id SWEEP_ID [--json]\n\n${REMOTE_HELP}`,
  options: { ...remoteOptions, id: { type: 'string' } },
  async run(v, io) {
    if (!v.id) throw new CliError('--id is required');
    const s = await call(() => client(v).sweeps.get.query({ id: String(v.id) }));
    printJsonOr(io, v.json as boolean, s, () => {
      const lines = [
        `sweep      ${s.sweep.id}  experiment ${s.experiment.name}`,
        `status     ${s.status}  (${Object.entries(s.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')})`,
        `trainer    ${s.sweep.task} ${s.sweep.trainer}  ${s.sweep.strategy}  seed ${s.sweep.seed}  data ${s.dataset.name}@${s.dataset.sha256.slice(0, 12)}`,
        `metric     validation ${s.sweep.metric} (${s.direction === 'max' ? 'higher' : 'lower'} is better)`,
        `best       ${s.bestRunId ?? '-'}`,
        '',
        ...s.runs.map((r) => `${r.id === s.bestRunId ? '*' : ' '} ${String(r.index + 1).padStart(3)}  ${r.status.padEnd(9)}  ${r.value === null ? '-'.padEnd(8) : r.value.toFixed(4).padEnd(8)}  ${JSON.stringify(r.params)}  ${r.id}`),
      ];
      return lines.join('\n') + '\n';
    });
    return 0;
  },
};
