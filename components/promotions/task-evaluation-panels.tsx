// An evaluation's figures for multiclass and regression versions (binary ones keep the metrics,
// curves and 2 × 2 matrices of evaluation-screen.tsx): a metrics table per side with the
// difference, per-class one-vs-rest AUC and the k × k confusion matrix in the classes' order
// (jsonb does not keep object key order, so `classes` is what orders every per-class figure), and
// the regression residual quantiles.
import type { MulticlassSide, RegressionSide } from '@/server/ml/promotion/evaluation-summary';

export type TaskSide = (MulticlassSide | RegressionSide) & { version: number };

const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(4));
const sideName = (s: { version: number }, i: number) => `${i === 0 ? 'candidate' : 'incumbent'} v${s.version}`;

export const MULTICLASS_METRICS = ['accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro'] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2', 'mean_residual'] as const;

/** Rows of named figures for each side, with candidate − incumbent when both exist. */
function FigureTable({ caption, rows, sides, testId }: { caption: string; rows: { key: string; label: string; values: (number | null | undefined)[] }[]; sides: { version: number }[]; testId: string }) {
  return (
    <table className="max-w-xl rounded border border-slate-200 bg-white text-left text-sm" data-testid={testId}>
      <caption className="mb-1 text-left font-medium">{caption}</caption>
      <thead className="bg-slate-100 text-slate-600">
        <tr>
          <th scope="col" className="px-3 py-2">Metric</th>
          {sides.map((s, i) => (
            <th key={i} scope="col" className="px-3 py-2 text-right">
              {sideName(s, i)}
            </th>
          ))}
          {sides.length === 2 && <th scope="col" className="px-3 py-2 text-right">Difference</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-slate-100" data-testid={`metric-${r.key}`}>
            <th scope="row" className="px-3 py-2 font-normal">{r.label}</th>
            {r.values.map((v, i) => (
              <td key={i} className="px-3 py-2 text-right font-mono">
                {f(v)}
              </td>
            ))}
            {sides.length === 2 && <td className="px-3 py-2 text-right font-mono">{typeof r.values[0] === 'number' && typeof r.values[1] === 'number' ? f(r.values[0] - r.values[1]) : '–'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ClassConfusion({ side, label }: { side: MulticlassSide & { version: number }; label: string }) {
  return (
    <table className="text-sm" data-testid="confusion-matrix">
      <caption className="mb-1 text-left font-medium">
        {label} v{side.version}: confusion matrix (rows: actual class, columns: predicted)
      </caption>
      <thead>
        <tr>
          <td />
          {side.classes.map((c) => (
            <th key={c} scope="col" className="px-3 py-1 font-normal text-slate-500">
              predicted {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="font-mono">
        {side.classes.map((c, i) => (
          <tr key={c}>
            <th scope="row" className="px-3 py-1 text-left font-normal text-slate-500">
              actual {c}
            </th>
            {side.confusion[i].map((n, j) => (
              <td key={j} className={`border px-3 py-1 text-right ${i === j ? 'bg-emerald-50' : ''}`}>
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MulticlassEvaluation({ sides }: { sides: (MulticlassSide & { version: number })[] }) {
  const classes = sides[0].classes;
  return (
    <>
      <section aria-labelledby="metrics-title" className="flex flex-col gap-4">
        <h2 id="metrics-title" className="text-lg font-semibold">
          Metrics
        </h2>
        <FigureTable caption="Multiclass metrics (F1 averages as scikit-learn; AUC one-vs-rest)" testId="multiclass-metrics" sides={sides} rows={MULTICLASS_METRICS.map((m) => ({ key: m, label: m, values: sides.map((s) => s.metrics[m]) }))} />
        <FigureTable caption="One-vs-rest AUC per class (– where the class is absent or every label)" testId="class-auc" sides={sides} rows={classes.map((c) => ({ key: `auc-${c}`, label: c, values: sides.map((s) => s.auc_ovr[c]) }))} />
      </section>
      <section aria-label="Confusion matrices" className="flex flex-wrap gap-8 overflow-x-auto rounded border border-slate-200 bg-white p-4">
        {sides.map((s, i) => (
          <ClassConfusion key={i} side={s} label={i === 0 ? 'Candidate' : 'Incumbent'} />
        ))}
      </section>
    </>
  );
}

export function RegressionEvaluation({ sides }: { sides: (RegressionSide & { version: number })[] }) {
  return (
    <section aria-labelledby="metrics-title" className="flex flex-col gap-4">
      <h2 id="metrics-title" className="text-lg font-semibold">
        Metrics
      </h2>
      <FigureTable caption="Regression metrics (residual = label − prediction)" testId="regression-metrics" sides={sides} rows={REGRESSION_METRICS.map((m) => ({ key: m, label: m, values: sides.map((s) => s.metrics[m]) }))} />
      <FigureTable
        caption="Residual quantiles"
        testId="residual-quantiles"
        sides={sides}
        rows={(['p05', 'p50', 'p95'] as const).map((q) => ({ key: `residual-${q}`, label: `residual ${q}`, values: sides.map((s) => s.residual_quantiles[q]) }))}
      />
    </section>
  );
}
