// Per-group table of one attribute: n, rates (with 95 % intervals for small groups), AUC, the
// disparities vs the reference group, and the four-fifths flag (highlighted when outside).
import { DISPARITY_KEYS, disparityFlag, fmt, groupRows, SMALL_GROUP_N } from '@/components/charts/prepare/fairness-groups';
import type { GroupIntervals } from '@/server/ml/fairness/bootstrap';
import type { FairnessReport } from '@/server/ml/fairness/report';

const RATES = [
  ['selection_rate', 'Selection rate'],
  ['tpr', 'TPR'],
  ['fpr', 'FPR'],
  ['precision', 'Precision'],
  ['accuracy', 'Accuracy'],
] as const;

export function GroupTable({ attribute, report, intervals }: { attribute: string; report: FairnessReport; intervals: GroupIntervals[] | null }) {
  const rows = groupRows(report, intervals);
  return (
    // `relative`: the sr-only notes in the cells are positioned absolutely; without a positioned
    // ancestor they are placed against the page and widen it past the scroll box (2,031 px at 1440).
    <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left text-xs text-slate-500">
          Groups of {attribute}; disparity = group ÷ reference ({report.reference_group}); intervals (95% bootstrap) shown for groups under {SMALL_GROUP_N} rows.
        </caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Group</th>
            <th scope="col" className="px-3 py-2 text-right">n</th>
            {RATES.map(([k, l]) => (
              <th key={k} scope="col" className="px-3 py-2 text-right">
                {l}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right">AUC</th>
            {DISPARITY_KEYS.map((k) => (
              <th key={k} scope="col" className="px-3 py-2 text-right">
                Disparity {k.replace('_', ' ')}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">Parity</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group} className={`border-t border-slate-100 ${r.parity_ok ? '' : 'bg-amber-50'}`} data-testid={`fairness-row-${attribute}-${r.group}`}>
              <th scope="row" className="px-3 py-2 font-normal">
                {r.group}
                {r.isReference && <span className="ml-1 text-xs text-slate-500">(reference)</span>}
              </th>
              <td className="px-3 py-2 text-right font-mono">{r.n}</td>
              {RATES.map(([k]) => (
                <td key={k} className="whitespace-nowrap px-3 py-2 text-right font-mono">
                  {r.cells[k]}
                </td>
              ))}
              <td className="px-3 py-2 text-right font-mono">{fmt(r.auc)}</td>
              {DISPARITY_KEYS.map((k) => {
                const flag = disparityFlag(r.disparity[k]);
                return (
                  <td key={k} className={`px-3 py-2 text-right font-mono ${flag === 'low' || flag === 'high' ? 'font-semibold text-red-800' : ''}`}>
                    {fmt(r.disparity[k])}
                    {(flag === 'low' || flag === 'high') && <span className="sr-only"> (outside the band)</span>}
                  </td>
                );
              })}
              <td className="px-3 py-2">{r.parity_ok ? 'ok' : <strong className="text-red-800">outside [0.8, 1.25]: {r.outside.join(', ')}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
