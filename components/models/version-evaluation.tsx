'use client';
// A multiclass or regression version's latest golden-set evaluation on its page: status, verdict
// and the task's figures (metrics, per-class AUC and confusion matrix, or residual quantiles),
// with a link to the whole evaluation (gates, incumbent) and to its fairness report.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '../promotions/status-badge';
import { MulticlassEvaluation, RegressionEvaluation, type TaskSide } from '../promotions/task-evaluation-panels';

export function VersionEvaluation({ model, version }: { model: string; version: number }) {
  const trpc = useTRPC();
  // The latest succeeded evaluation, else the latest of any status: two one-row pages.
  const succeeded = useQuery(trpc.evaluations.list.queryOptions({ model, version, status: 'succeeded', limit: 1 }));
  const any = useQuery({ ...trpc.evaluations.list.queryOptions({ model, version, limit: 1 }), enabled: succeeded.data?.total === 0 });
  const error = succeeded.error ?? any.error;
  if (error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {error.message}
      </p>
    );
  const list = succeeded.data?.total === 0 ? any.data : succeeded.data;
  if (!list) return <p className="text-sm text-slate-500">Loading…</p>;
  const latest = list.rows[0]?.evaluation;
  if (!latest)
    return (
      <p className="text-sm text-slate-600">
        Not evaluated yet.{' '}
        <Link href={`/promotions/policy?model=${encodeURIComponent(model)}`} className="text-brand-700 underline">
          Choose a golden set and evaluate
        </Link>
        .
      </p>
    );
  const r = latest.result as { task?: string; rows: number; candidate: TaskSide } | null;
  const side = r?.candidate;
  return (
    <div className="flex flex-col gap-3" data-testid="version-evaluation">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={latest.status} />
        {latest.verdict && (
          <span>
            gates <StatusBadge status={latest.verdict} />
          </span>
        )}
        {r && <span className="text-slate-600">{r.rows} golden-set rows</span>}
        <Link href={`/promotions/evaluations/${latest.id}`} className="text-brand-700 underline">
          the evaluation
        </Link>
        <Link href={`/fairness?model=${encodeURIComponent(model)}&version=${version}`} className="text-brand-700 underline">
          fairness
        </Link>
      </p>
      {latest.error && <p className="text-sm text-red-700">{latest.error}</p>}
      {side?.task === 'multiclass' && <MulticlassEvaluation sides={[{ ...side, version }]} />}
      {side?.task === 'regression' && <RegressionEvaluation sides={[{ ...side, version }]} />}
    </div>
  );
}
