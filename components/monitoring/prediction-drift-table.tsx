// Prediction drift of a multiclass or regression version, part by part: each class probability
// and the predicted-class mix (multiclass), the predicted value (regression), with the class
// shares or the mean value against the reference (server/ml/monitoring/window.ts).
import { fmtPct, fmtStat } from './format';
import { DriftBadge } from './severity-badge';
import type { MonitoringReport } from './types';

export function PredictionDriftTable({ r }: { r: MonitoringReport }) {
  const pd = r.predictionDrift;
  return (
    <section aria-labelledby="prediction-drift-title" className="flex flex-col gap-2">
      <h2 id="prediction-drift-title" className="text-lg font-semibold">
        Prediction drift <span className="text-sm font-normal text-slate-600">({r.task}; PSI against the reference, threshold 0.1)</span>
      </h2>
      {!pd && <p className="text-sm text-slate-600">This version has no reference profile, so its predictions cannot be compared.</p>}
      {pd && (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Prediction drift per output in the window</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Output</th>
                <th scope="col" className="px-3 py-2">PSI</th>
                <th scope="col" className="px-3 py-2">Drift</th>
              </tr>
            </thead>
            <tbody>
              {pd.components.map((c) => (
                <tr key={c.name} className="border-t border-slate-100" data-testid={`prediction-drift-${c.name}`}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {c.name}
                  </th>
                  <td className="px-3 py-2 tabular-nums">{c.statistic !== null ? fmtStat(c.statistic) : `not enough data (n ${pd.n} < ${r.window.minRows})`}</td>
                  <td className="px-3 py-2">{c.statistic !== null ? <DriftBadge drifted={c.drifted} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pd?.classShares && (
        <p className="text-sm text-slate-700" data-testid="prediction-class-shares">
          Predicted classes (window vs reference): {pd.classShares.map((c) => `${c.class} ${fmtPct(c.window)} (${fmtPct(c.reference)})`).join(', ')}
        </p>
      )}
      {pd?.mean && (
        <p className="text-sm text-slate-700" data-testid="prediction-mean">
          Mean prediction {fmtStat(pd.mean.window)} (reference {fmtStat(pd.mean.reference)})
        </p>
      )}
    </section>
  );
}
