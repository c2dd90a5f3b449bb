// Drift and data quality per input for the window; each feature opens its reference vs current
// histogram (?feature=).
import Link from 'next/link';
import { fmtPct, fmtStat, monitoringHref } from './format';
import { DriftBadge } from './severity-badge';
import type { MonitoringReport } from './types';

const METHOD: Record<string, string> = { psi: 'PSI', jensenshannon: 'Jensen–Shannon' };

export function DriftTable({ r, windowKey, selected }: { r: MonitoringReport; windowKey: string; selected: string | null }) {
  return (
    <section aria-labelledby="drift-table-title" className="flex flex-col gap-2">
      <h2 id="drift-table-title" className="text-lg font-semibold">
        Drift per feature
      </h2>
      {!r.hasReference && <p className="text-sm text-slate-600">This version has no reference profile (it was not trained from a dataset in Vigil), so its inputs cannot be compared.</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Drift per feature in the window</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Feature</th>
              <th scope="col" className="px-3 py-2">Method</th>
              <th scope="col" className="px-3 py-2">Statistic / threshold</th>
              <th scope="col" className="px-3 py-2">Drift</th>
              <th scope="col" className="px-3 py-2">Rows</th>
              <th scope="col" className="px-3 py-2">Missing (reference)</th>
              <th scope="col" className="px-3 py-2">Out of range / unseen</th>
            </tr>
          </thead>
          <tbody>
            {r.features.map((f) => (
              <tr key={f.feature} className={`border-t border-slate-100 ${selected === f.feature ? 'bg-indigo-50' : ''}`} data-testid={`drift-row-${f.feature}`}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link href={`${monitoringHref({ model: r.model, window: windowKey, feature: f.feature })}#feature-detail`} className="text-brand-700 hover:underline" aria-current={selected === f.feature ? 'true' : undefined}>
                    {f.feature}
                  </Link>
                  <span className="ml-1 text-xs font-normal text-slate-500">{f.type}</span>
                </th>
                <td className="px-3 py-2">{METHOD[f.method] ?? f.method}</td>
                <td className="px-3 py-2 tabular-nums">
                  {f.status === 'ok' ? (
                    <>
                      {fmtStat(f.statistic)} <span className="text-slate-500">/ {f.threshold}</span>
                    </>
                  ) : (
                    <span className="text-amber-800">
                      not enough data (n {f.nNonMissing} &lt; {f.minRows})
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">{f.status === 'ok' ? <DriftBadge drifted={f.drifted} /> : '—'}</td>
                <td className="px-3 py-2 tabular-nums">{f.n.toLocaleString()}</td>
                <td className="px-3 py-2 tabular-nums">
                  {fmtPct(f.missingShare)} <span className="text-slate-500">({fmtPct(f.referenceMissingShare)})</span>
                </td>
                <td className="px-3 py-2 tabular-nums">{f.type === 'numeric' ? `${fmtPct(f.outOfRangeShare)} out of range` : `${fmtPct(f.unseenShare)} unseen`}</td>
              </tr>
            ))}
            {r.features.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No monitored inputs.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
