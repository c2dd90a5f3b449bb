// `vigil retrain <model> [--wait]` and `vigil retrains list`: the console's "retrain now" and
// the attempts table, through the same tRPC procedures (guardrails apply unchanged).
import { CliError, type Command } from '../command';
import { call, client, printJsonOr, REMOTE_HELP, remoteOptions } from '../lib/remote';

interface AttemptRow {
  attempt: { id: string; status: string; stage: string; trigger: string; reason: string | null; createdAt: Date | string; promotionRequestId: string | null; evaluationId: string | null; runId: string | null; dataLineage: unknown };
  model: string;
  /** Null while an attempt builds its data from predictions (or when it was refused before building any). */
  dataset: string | null;
  datasetSha256: string | null;
  candidateVersion: number | null;
  incumbentVersion: number;
}

const shape = (r: AttemptRow) => ({
  id: r.attempt.id,
  model: r.model,
  trigger: r.attempt.trigger,
  status: r.attempt.status,
  stage: r.attempt.stage,
  data: r.dataset && r.datasetSha256 ? `${r.dataset}@${r.datasetSha256.slice(0, 12)}` : (r.attempt.dataLineage as { source?: string } | null)?.source === 'predictions' ? 'from predictions (not built)' : '—',
  lineage: (r.attempt.dataLineage as { text?: string } | null)?.text ?? null,
  incumbent: r.incumbentVersion,
  candidate: r.candidateVersion,
  runId: r.attempt.runId,
  evaluationId: r.attempt.evaluationId,
  promotionRequestId: r.attempt.promotionRequestId,
  reason: r.attempt.reason,
  createdAt: r.attempt.createdAt,
});
const line = (a: ReturnType<typeof shape>) => `${a.id}\t${a.model}\t${a.trigger}\t${a.status}${a.status === 'running' ? ` (${a.stage})` : ''}\tv${a.incumbent} → ${a.candidate ? `v${a.candidate}` : '…'}\t${a.data}${a.reason ? `\t${a.reason}` : ''}`;

export const retrainCmd: Command = {
  path: ['retrain'],
  summary: 'Retrain a model now under its enabled policy; --wait for the decision (online)',
  usage: `Usage: vigil retrain <model> [--wait] [--timeout SECONDS] [--json]

Starts a retrain attempt under the model's enabled retraining policy (cooldown, daily maximum,
one at a time, minimum labelled rows apply). With a policy that builds its data from the
prediction log, the labelled predictions of its window are joined first (golden-set rows left
out; too few labelled rows refuses the attempt with the count). The candidate is trained like the production
version, evaluated against it on the golden set, and either refused (with the failing gates;
an alert fires, production is unchanged) or turned into a promotion request for an approver —
or, when the policy allows automatic promotion, rolled out through canary at once.
--wait polls until the attempt is decided; the exit code is then 0 when a request was made,
1 when the retrain was refused or failed. --timeout bounds the wait (default 3600).

${REMOTE_HELP}`,
  positionals: ['model'],
  options: { ...remoteOptions, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  async run(v, io, [model]) {
    if (!model) throw new CliError('<model> is required: vigil retrain <model>');
    const timeout = v.timeout === undefined ? 3600 : Number(v.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a positive number of seconds, got '${String(v.timeout)}'`);
    const c = client(v);
    const started = await call(() => c.retraining.trigger.mutate({ model }));
    if (!v.wait) {
      printJsonOr(io, v.json as boolean, { id: started.id, model, status: started.status }, () => `${started.id}\t${model}\t${started.status}\n`);
      return 0;
    }
    const until = Date.now() + timeout * 1000;
    for (;;) {
      const rows = (await call(() => c.retraining.attempts.query({ model, limit: 20 }))) as AttemptRow[];
      const row = rows.find((r) => r.attempt.id === started.id);
      if (row && row.attempt.status !== 'running') {
        const a = shape(row);
        printJsonOr(io, v.json as boolean, a, () => line(a) + '\n');
        return a.status === 'requested' ? 0 : 1;
      }
      if (Date.now() > until) throw new CliError(`retrain ${started.id} not decided within ${timeout} s (still ${row?.attempt.stage ?? 'queued'}); see \`vigil retrains list --model ${model}\``, 1);
      await new Promise((res) => setTimeout(res, 500));
    }
  },
};

export const retrainsList: Command = {
  path: ['retrains', 'list'],
  summary: 'Retrain attempts, newest first: trigger, data, decision and reason (online)',
  usage: `Usage: vigil retrains list [--model M] [--json]\n\n${REMOTE_HELP}`,
  options: { ...remoteOptions, model: { type: 'string' } },
  async run(v, io) {
    const rows = (await call(() => client(v).retraining.attempts.query({ model: v.model ? String(v.model) : undefined }))) as AttemptRow[];
    const out = rows.map(shape);
    printJsonOr(io, v.json as boolean, out, () => (out.length ? out.map(line).join('\n') + '\n' : 'no retrain attempts\n'));
    return 0;
  },
};
