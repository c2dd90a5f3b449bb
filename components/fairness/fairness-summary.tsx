// The summary figures of one attribute's report: parity difference / ratio, equalized odds,
// equal opportunity, and the reference group.
import { fmt } from '@/components/charts/prepare/fairness-groups';
import type { FairnessReport } from '@/server/ml/fairness/report';

export function FairnessSummary({ report }: { report: FairnessReport }) {
  const items = [
    ['Demographic parity difference', fmt(report.demographic_parity_difference)],
    ['Demographic parity ratio', fmt(report.demographic_parity_ratio)],
    ['Equalized-odds difference', fmt(report.equalized_odds_difference)],
    ['Equal-opportunity difference', fmt(report.equal_opportunity_difference)],
    ['Reference group', report.reference_group],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {items.map(([k, v]) => (
        <div key={k} className="rounded border border-slate-200 bg-white p-2">
          <dt className="text-xs text-slate-500">{k}</dt>
          <dd className="font-mono text-sm">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
