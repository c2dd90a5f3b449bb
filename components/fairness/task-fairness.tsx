// One sensitive attribute's report for a multiclass or a regression version (binary ones:
// attribute-report.tsx). Multiclass: per group n, accuracy and the share predicted as each class
// (with 95 % bootstrap intervals), and the gaps between groups. Regression: per group n, MAE,
// RMSE, mean residual and R², and the gaps, with intervals when the evaluation computed them.
import { fmt } from '@/components/charts/prepare/fairness-groups';
import type { Interval } from '@/server/ml/fairness/bootstrap';
import type { MulticlassFairnessReport, MulticlassIntervals } from '@/server/ml/fairness/multiclass-report';
import type { RegressionFairnessReport, RegressionIntervals } from '@/server/ml/fairness/regression-report';

export type MulticlassAttribute = MulticlassFairnessReport & { intervals: MulticlassIntervals };
export type RegressionAttribute = RegressionFairnessReport & { intervals: RegressionIntervals | null };

const withInterval = (v: number | null, i: Interval | undefined) => (i ? `${fmt(v)} [${fmt(i.lo)}, ${fmt(i.hi)}]` : fmt(v));
const TH = 'px-3 py-2 text-right';
const TD = 'whitespace-nowrap px-3 py-2 text-right font-mono';

function Gaps({ items }: { items: [string, string][] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map(([k, v]) => (
        <div key={k} className="rounded border border-slate-200 bg-white p-2">
          <dt className="text-xs text-slate-500">{k}</dt>
          <dd className="font-mono text-sm">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MulticlassAttributeReport({ attribute, report, scope }: { attribute: string; report: MulticlassAttribute; scope: string }) {
  const iv = report.intervals;
  return (
    <section aria-label={`${scope} fairness by ${attribute}`} className="flex flex-col gap-3" data-testid={`${scope}-attribute-${attribute}`}>
      <h3 className="font-semibold">By {attribute}</h3>
      <Gaps
        items={[
          ['Accuracy gap (max − min)', withInterval(report.accuracy_gap, iv?.accuracy_gap)],
          [`Largest selection-rate gap (${report.max_selection_rate_gap.class})`, withInterval(report.max_selection_rate_gap.gap, iv?.selection_rate_gaps[report.max_selection_rate_gap.class])],
        ]}
      />
      <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="px-3 py-2 text-left text-xs text-slate-500">
            Groups of {attribute}: accuracy and the share of the group predicted as each class, with 95% bootstrap intervals; the last row is each column&apos;s gap between groups.
          </caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Group</th>
              <th scope="col" className={TH}>n</th>
              <th scope="col" className={TH}>Accuracy</th>
              {report.classes.map((c) => (
                <th key={c} scope="col" className={TH}>
                  Predicted {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g) => {
              const gi = iv?.groups.find((x) => x.group === g.group);
              return (
                <tr key={g.group} className="border-t border-slate-100" data-testid={`fairness-row-${attribute}-${g.group}`}>
                  <th scope="row" className="px-3 py-2 font-normal">{g.group}</th>
                  <td className={TD}>{g.n}</td>
                  <td className={TD}>{withInterval(g.accuracy, gi?.accuracy)}</td>
                  {report.classes.map((c) => (
                    <td key={c} className={TD}>
                      {withInterval(g.selection_rates[c] ?? null, gi?.selection_rates[c])}
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr className="border-t border-slate-300 bg-slate-50">
              <th scope="row" className="px-3 py-2 font-medium">Gap (max − min)</th>
              <td className={TD} />
              <td className={TD}>{fmt(report.accuracy_gap)}</td>
              {report.classes.map((c) => (
                <td key={c} className={TD}>
                  {fmt(report.selection_rate_gaps[c] ?? null)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

const ERRORS = [
  ['mae', 'MAE'],
  ['rmse', 'RMSE'],
  ['mean_residual', 'Mean residual'],
] as const;

export function RegressionAttributeReport({ attribute, report, scope }: { attribute: string; report: RegressionAttribute; scope: string }) {
  const iv = report.intervals;
  return (
    <section aria-label={`${scope} fairness by ${attribute}`} className="flex flex-col gap-3" data-testid={`${scope}-attribute-${attribute}`}>
      <h3 className="font-semibold">By {attribute}</h3>
      <Gaps items={ERRORS.map(([k, l]) => [`${l} gap (max − min)`, withInterval(report.gaps[k], iv?.gaps[k])])} />
      <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="px-3 py-2 text-left text-xs text-slate-500">
            Groups of {attribute}: errors per group (residual = label − prediction; positive = under-predicted){iv ? ', with 95% bootstrap intervals' : ' (no intervals: too many rows to resample cheaply)'}.
          </caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Group</th>
              <th scope="col" className={TH}>n</th>
              {ERRORS.map(([k, l]) => (
                <th key={k} scope="col" className={TH}>
                  {l}
                </th>
              ))}
              <th scope="col" className={TH}>R²</th>
            </tr>
          </thead>
          <tbody>
            {report.groups.map((g) => {
              const gi = iv?.groups.find((x) => x.group === g.group);
              return (
                <tr key={g.group} className="border-t border-slate-100" data-testid={`fairness-row-${attribute}-${g.group}`}>
                  <th scope="row" className="px-3 py-2 font-normal">{g.group}</th>
                  <td className={TD}>{g.n}</td>
                  {ERRORS.map(([k]) => (
                    <td key={k} className={TD}>
                      {withInterval(g[k], gi?.[k])}
                    </td>
                  ))}
                  <td className={TD}>{fmt(g.r2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
