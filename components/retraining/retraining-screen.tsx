'use client';
// The Retraining tab: the policy (proposed / enabled, guardrails), "Retrain now", and every
// attempt with its trigger, data, run, evaluation, decision and reason; refreshes while one runs.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { useCan } from '../ui/use-permissions';
import { Fragment, useState } from 'react';
import { RetrainEvidenceDiff } from './evidence-diff';
import { RetrainPolicyForm } from './policy-form';

const STATUS_STYLE: Record<string, string> = {
  running: 'bg-blue-50 text-blue-800',
  refused: 'bg-red-50 text-red-800',
  requested: 'bg-green-50 text-green-800',
  failed: 'bg-amber-50 text-amber-800',
};

const lineageOf = (l: unknown) => (l as { text?: string } | null)?.text ?? null;

export function RetrainingScreen({ name }: { name: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canPropose = useCan('retrain.propose');
  const canEnable = useCan('retrain.enable');
  const policy = useQuery(trpc.retraining.policy.queryOptions({ model: name }));
  const attempts = useQuery({ ...trpc.retraining.attempts.queryOptions({ model: name }), refetchInterval: (q) => (q.state.data?.some((r) => r.attempt.status === 'running') ? 2000 : false) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.retraining.policy.queryKey({ model: name }) }), qc.invalidateQueries({ queryKey: trpc.retraining.attempts.queryKey({ model: name }) })]);
  const trigger = useMutation(trpc.retraining.trigger.mutationOptions({ onSuccess: refresh }));
  const setEnabled = useMutation(trpc.retraining.setEnabled.mutationOptions({ onSuccess: refresh }));
  const [open, setOpen] = useState<string | null>(null);
  if (policy.error) return <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">{policy.error.message}</p>;
  if (policy.isLoading) return <p className="text-slate-500">Loading…</p>;
  const p = policy.data;
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="retrain-policy" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4">
        <h2 id="retrain-policy" className="text-lg font-semibold">Retraining policy</h2>
        {p ? (
          <>
            <p className="text-sm" data-testid="retrain-policy-status">
              <span className="font-medium">{p.status}</span> · proposed by {p.proposedByEmail}
              {p.enabledByEmail && p.status === 'enabled' ? ` · enabled by ${p.enabledByEmail}` : ''}
            </p>
            <p className="text-sm text-slate-700">
              Data: {p.dataSource === 'predictions' ? <>labelled predictions of the last {p.windowDays} days{p.appendToIncumbent ? ", after production's training data" : ''}{p.includeBatch ? ', batch scores included' : ''}</> : <>dataset version <code>{p.datasetVersionId?.slice(0, 8)}</code></>} · validation {p.outOfTimeValidationPct ? `the latest ${p.outOfTimeValidationPct}% by prediction time` : 'random split'} · {p.autoPromote ? 'passing candidates roll out through canary automatically' : 'passing candidates await an approver'} · trainer {p.trainer ?? 'as production'} · cooldown {p.cooldownMinutes} min · at most {p.maxPerDay} per day · at least {p.minLabelledRows} labelled rows · one at a time · schedule {p.scheduleCron ? <code>{p.scheduleCron}</code> : 'none'} (UTC) · {p.onAlertRuleId ? 'retrains when its chosen alert fires' : 'no alert trigger'}
            </p>
            <div className="flex flex-wrap gap-2">
              {canPropose && (
                <button type="button" onClick={() => trigger.mutate({ model: name })} disabled={trigger.isPending || p.status !== 'enabled'} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
                  {trigger.isPending ? 'Starting…' : 'Retrain now'}
                </button>
              )}
              {canEnable && p.status !== 'enabled' && (
                <button type="button" onClick={() => setEnabled.mutate({ model: name, enabled: true })} disabled={setEnabled.isPending} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
                  Enable
                </button>
              )}
              {canEnable && p.status === 'enabled' && (
                <button type="button" onClick={() => setEnabled.mutate({ model: name, enabled: false })} disabled={setEnabled.isPending} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
                  Disable
                </button>
              )}
            </div>
            {trigger.error && <p role="alert" className="text-sm text-red-700">{trigger.error.message}</p>}
            {setEnabled.error && <p role="alert" className="text-sm text-red-700">{setEnabled.error.message}</p>}
          </>
        ) : (
          <p className="text-sm text-slate-600">No retraining policy yet.</p>
        )}
      </section>
      {canPropose && <RetrainPolicyForm model={name} current={p ?? null} />}
      <section aria-labelledby="retrain-attempts" className="flex flex-col gap-2">
        <h2 id="retrain-attempts" className="text-lg font-semibold">Attempts</h2>
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Retrain attempts of {name}</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Started</th>
                <th scope="col" className="px-3 py-2">Trigger</th>
                <th scope="col" className="px-3 py-2">Data</th>
                <th scope="col" className="px-3 py-2">Run</th>
                <th scope="col" className="px-3 py-2">Evaluation</th>
                <th scope="col" className="px-3 py-2">Decision</th>
                <th scope="col" className="px-3 py-2">Reason</th>
              </tr>
            </thead>
            <tbody>
              {attempts.data?.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-3 py-2 text-slate-500">No attempts yet.</td>
                </tr>
              )}
              {attempts.data?.map((r) => (
                <Fragment key={r.attempt.id}>
                <tr className="border-t border-slate-100 align-top" data-testid="retrain-attempt-row">
                  <td className="whitespace-nowrap px-3 py-2">{new Date(r.attempt.createdAt).toLocaleString()}</td>
                  <td className="px-3 py-2">{r.attempt.trigger}{r.triggeredByEmail ? ` (${r.triggeredByEmail})` : ''}</td>
                  <td className="px-3 py-2">
                    {r.dataset && r.datasetSha256 ? <>{r.dataset} <code className="text-xs">{r.datasetSha256.slice(0, 8)}</code></> : 'from predictions'} · {r.attempt.labelledRows} labelled
                    {lineageOf(r.attempt.dataLineage) && <p className="text-xs text-slate-500" data-testid="retrain-lineage">{lineageOf(r.attempt.dataLineage)}</p>}
                  </td>
                  <td className="px-3 py-2">
                    {r.attempt.runId ? <Link href={`/runs/${r.attempt.runId}`} className="text-brand-700 hover:underline">run {r.attempt.runId.slice(0, 8)}</Link> : '—'}
                    {r.candidateVersion ? ` → v${r.candidateVersion}` : ''}
                  </td>
                  <td className="px-3 py-2">
                    {r.attempt.evaluationId ? <Link href={`/promotions/evaluations/${r.attempt.evaluationId}`} className="text-brand-700 hover:underline">vs v{r.incumbentVersion}</Link> : `vs v${r.incumbentVersion}`}
                  </td>
                  <td className="px-3 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[r.attempt.status] ?? ''}`}>{r.attempt.status === 'running' ? `running: ${r.attempt.stage}` : r.attempt.status}</span>
                    {r.attempt.promotionRequestId && (
                      <>
                        {' '}
                        <Link href={`/promotions/${r.attempt.promotionRequestId}`} className="text-brand-700 hover:underline">request</Link>
                      </>
                    )}
                  </td>
                  <td className="max-w-xl px-3 py-2 text-slate-700">
                    <span data-testid="retrain-reason">{r.attempt.reason ?? ''}</span>
                    {r.attempt.status !== 'running' && (
                      <button type="button" aria-expanded={open === r.attempt.id} onClick={() => setOpen(open === r.attempt.id ? null : r.attempt.id)} className="ml-2 text-xs text-brand-700 hover:underline">
                        {open === r.attempt.id ? 'Hide evidence' : 'Evidence vs production'}
                      </button>
                    )}
                  </td>
                </tr>
                {open === r.attempt.id && (
                  <tr className="bg-slate-50">
                    <td colSpan={7} className="px-3">
                      <RetrainEvidenceDiff attemptId={r.attempt.id} />
                    </td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
