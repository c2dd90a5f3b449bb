'use client';
// Two versions' offline reports slice by slice: per group both values and the difference
// (second − first), with the four-fifths flags; a group that leaves the band is highlighted.
import { useQuery } from '@tanstack/react-query';
import { compareGroups, fmt, signed } from '@/components/charts/prepare/fairness-groups';
import { useTRPC } from '@/lib/trpc';
import type { AttributeReport } from './types';

type GroupsOnly = { groups: ({ group: string; n: number } & Record<string, unknown>)[] };
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** Multiclass (accuracy) and regression (MAE, RMSE) versions: the figure per group, both versions and the change. */
function CompareTaskVersions({ a, b, task, fa, fb, attrs, missing, sameSet }: { a: number; b: number; task: 'multiclass' | 'regression'; fa: Record<string, GroupsOnly>; fb: Record<string, GroupsOnly>; attrs: string[]; missing: number[]; sameSet: string }) {
  const keys = task === 'multiclass' ? ([['accuracy', 'Accuracy']] as const) : ([['mae', 'MAE'], ['rmse', 'RMSE']] as const);
  return (
    <section aria-labelledby="compare-title" className="flex flex-col gap-4">
      <h2 id="compare-title" className="text-lg font-semibold">
        Compare v{a} with v{b}
      </h2>
      {missing.length > 0 && <p className="text-sm text-slate-600">No succeeded evaluation of {missing.map((v) => `v${v}`).join(' or ')}{sameSet} yet.</p>}
      {attrs.map((attr) => {
        const groups = [...new Set([...(fa[attr]?.groups ?? []), ...(fb[attr]?.groups ?? [])].map((g) => g.group))].sort();
        return (
          <div key={attr} className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="px-3 py-2 text-left font-medium">
                By {attr}: v{a} → v{b}
              </caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Group</th>
                  <th scope="col" className="px-3 py-2 text-right">n v{a} / v{b}</th>
                  {keys.map(([k, l]) => (
                    <th key={k} scope="col" className="px-3 py-2 text-right">
                      {l} v{a} / v{b} (Δ)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => {
                  const ra = fa[attr]?.groups.find((x) => x.group === g);
                  const rb = fb[attr]?.groups.find((x) => x.group === g);
                  return (
                    <tr key={g} className="border-t border-slate-100" data-testid={`compare-row-${attr}-${g}`}>
                      <th scope="row" className="px-3 py-2 font-normal">{g}</th>
                      <td className="px-3 py-2 text-right font-mono">
                        {ra?.n ?? '–'} / {rb?.n ?? '–'}
                      </td>
                      {keys.map(([k]) => {
                        const va = num(ra?.[k]);
                        const vb = num(rb?.[k]);
                        return (
                          <td key={k} className="whitespace-nowrap px-3 py-2 text-right font-mono">
                            {fmt(va)} / {fmt(vb)} ({signed(va !== null && vb !== null ? vb - va : null)})
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}

const KEYS = [
  ['selection_rate', 'Selection rate'],
  ['tpr', 'TPR'],
  ['fpr', 'FPR'],
] as const;

export function CompareVersions({ model, a, b }: { model: string; a: number; b: number }) {
  const trpc = useTRPC();
  const qa = useQuery(trpc.fairness.offline.queryOptions({ model, version: a }));
  // The second version's report on the same golden set as the first (its evaluation as candidate
  // or as the incumbent that a promotion evaluation also scored).
  const golden = qa.data?.goldenDatasetVersionId;
  const qb = useQuery(trpc.fairness.offline.queryOptions({ model, version: b, goldenDatasetVersionId: golden }, { enabled: qa.data !== undefined }));
  const fa = (qa.data?.fairness ?? {}) as Record<string, AttributeReport>;
  const fb = (qb.data?.fairness ?? {}) as Record<string, AttributeReport>;
  const attrs = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  const missing = [qa.data === null ? a : null, qb.data === null ? b : null].filter((v) => v !== null);
  const sameSet = golden ? ' on the same golden set' : '';
  const task = qa.data?.task ?? qb.data?.task ?? 'binary';
  if (task !== 'binary') return <CompareTaskVersions a={a} b={b} task={task} fa={fa as unknown as Record<string, GroupsOnly>} fb={fb as unknown as Record<string, GroupsOnly>} attrs={attrs} missing={missing} sameSet={sameSet} />;
  return (
    <section aria-labelledby="compare-title" className="flex flex-col gap-4">
      <h2 id="compare-title" className="text-lg font-semibold">
        Compare v{a} with v{b}
      </h2>
      {missing.length > 0 && <p className="text-sm text-slate-600">No succeeded evaluation of {missing.map((v) => `v${v}`).join(' or ')}{sameSet} yet.</p>}
      {attrs.map((attr) => (
        <div key={attr} className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="px-3 py-2 text-left font-medium">
              By {attr}: v{a} → v{b}
            </caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Group</th>
                <th scope="col" className="px-3 py-2 text-right">n v{a} / v{b}</th>
                {KEYS.map(([k, l]) => (
                  <th key={k} scope="col" className="px-3 py-2 text-right">
                    {l} v{a} / v{b} (Δ)
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">Parity v{a} / v{b}</th>
              </tr>
            </thead>
            <tbody>
              {compareGroups(fa[attr] ?? null, fb[attr] ?? null).map((r) => (
                <tr key={r.group} className={`border-t border-slate-100 ${r.newlyOutside ? 'bg-amber-50' : ''}`} data-testid={`compare-row-${attr}-${r.group}`}>
                  <th scope="row" className="px-3 py-2 font-normal">
                    {r.group}
                  </th>
                  <td className="px-3 py-2 text-right font-mono">
                    {r.a?.n ?? '–'} / {r.b?.n ?? '–'}
                  </td>
                  {KEYS.map(([k]) => (
                    <td key={k} className="whitespace-nowrap px-3 py-2 text-right font-mono">
                      {fmt(r.a?.[k])} / {fmt(r.b?.[k])} ({signed(r.delta[k])})
                    </td>
                  ))}
                  <td className="px-3 py-2">
                    {r.a ? (r.a.parity_ok ? 'ok' : 'outside') : '–'} / {r.b ? (r.b.parity_ok ? 'ok' : 'outside') : '–'}
                    {r.newlyOutside && <strong className="ml-1 text-red-800">newly outside [0.8, 1.25]</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
