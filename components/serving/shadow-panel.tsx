'use client';
// While a shadow runs: how it agrees with production on the same requests since it was set —
// same decisions, score correlation, distance between the score distributions — against the model's policy thresholds, the
// same figures a promotion request's shadow evidence uses.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

export function ShadowPanel({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.promotions.shadow.queryOptions({ model }), refetchInterval: 10_000 });
  if (q.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return null;
  const { comparison: c, verdict, thresholds: t } = q.data;
  const tone = verdict.status === 'pass' ? 'text-emerald-800' : verdict.status === 'fail' ? 'text-red-700' : 'text-slate-600';
  return (
    <section aria-labelledby="serving-shadow" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4" data-testid="shadow-panel">
      <h2 id="serving-shadow" className="text-lg font-semibold">
        Shadow v{q.data.version} vs production
      </h2>
      <p className="text-sm text-slate-600">
        Since {new Date(q.data.since).toLocaleString()}: {c.n.toLocaleString()} paired requests.{' '}
        <strong className={tone}>{verdict.status.toUpperCase()}</strong> against the policy (at least {t.min_pairs} pairs).
      </p>
      <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
        <div>
          <dt className="text-xs uppercase text-slate-500">Same decisions</dt>
          <dd className="tabular-nums">
            {pct(c.agreement)} <span className="text-slate-500">(≥ {pct(t.min_agreement)})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Score correlation</dt>
          <dd className="tabular-nums">
            {num(c.correlation)} <span className="text-slate-500">(≥ {t.min_correlation})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Score distribution distance</dt>
          <dd className="tabular-nums">
            {num(c.distance)} <span className="text-slate-500">(≤ {t.max_distance})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Labelled AUC (shadow / production)</dt>
          <dd className="tabular-nums">
            {c.labelled ? `${num(c.candidate?.auc)} / ${num(c.production?.auc)} (${c.labelled} labels)` : 'no labels yet'}
          </dd>
        </div>
      </dl>
      {verdict.status !== 'pass' && <p className="text-sm text-slate-600">{verdict.gates.map((g) => g.detail).join('; ')}</p>}
    </section>
  );
}
