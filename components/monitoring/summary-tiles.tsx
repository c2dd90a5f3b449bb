// The window's headline figures: input and prediction drift, traffic, errors, latency, online
// performance (with its sample and label delay) and the label-free estimate, marked as such.
import { fmtMs } from '@/components/serving/format';
import { fmtDuration, fmtPct, fmtStat } from './format';
import type { MonitoringReport } from './types';

function Tile({ label, value, children, tone = 'plain', testId }: { label: string; value: React.ReactNode; children?: React.ReactNode; tone?: 'plain' | 'bad' | 'estimate'; testId?: string }) {
  const border = tone === 'bad' ? 'border-red-300 bg-red-50' : tone === 'estimate' ? 'border-dashed border-slate-400 bg-white' : 'border-slate-200 bg-white';
  return (
    <div className={`flex flex-col gap-1 rounded border p-3 ${border}`} data-testid={testId}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {children && <dd className="text-xs text-slate-600">{children}</dd>}
    </div>
  );
}

const PD_WHAT = { binary: 'PSI of scores', regression: 'PSI of the predicted value', multiclass: 'largest PSI of a class probability or the predicted-class mix' } as const;

/** Online performance from labels, per task: binary AUC, regression RMSE, multiclass accuracy. */
function OnlineTile({ r }: { r: MonitoringReport }) {
  const o = r.online;
  const delay = o.labelDelaySeconds !== null ? `label delay ${fmtDuration(o.labelDelaySeconds)}` : null;
  const missing = `not enough labels (n ${o.n} < ${o.minRows})${delay ? `; ${delay}` : ''}`;
  if (o.task === 'regression')
    return (
      <Tile label="Online RMSE" value={o.metrics ? fmtStat(o.metrics.rmse) : '—'} testId="tile-online-rmse">
        {o.metrics ? `MAE ${fmtStat(o.metrics.mae)}; n = ${o.n} labelled; ${delay}` : missing}
      </Tile>
    );
  if (o.task === 'multiclass')
    return (
      <Tile label="Online accuracy" value={o.metrics ? fmtPct(o.metrics.accuracy) : '—'} testId="tile-online-accuracy">
        {o.metrics ? `macro-F1 ${fmtStat(o.metrics.macro_f1)}; n = ${o.n} labelled; ${delay}` : missing}
      </Tile>
    );
  return (
    <Tile label="Online AUC" value={o.metrics ? fmtStat(o.metrics.auc) : '—'} testId="tile-online-auc">
      {o.metrics ? `accuracy ${fmtPct(o.metrics.accuracy)}; n = ${o.n} labelled; ${delay}` : missing}
    </Tile>
  );
}

export function SummaryTiles({ r }: { r: MonitoringReport }) {
  const minRows = r.window.minRows;
  const d = r.drift;
  const pd = r.predictionDrift;
  const s = r.service;
  const requests = s.predictions + s.rejected;
  const est = r.estimate;
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Window summary">
      <Tile label="Input drift" value={d ? `${d.drifted} of ${d.tested}` : '—'} tone={d && d.drifted > 0 ? 'bad' : 'plain'} testId="tile-drift">
        {!r.hasReference ? 'no reference profile (version not trained in Vigil)' : d && d.tested < r.features.length ? `features drifted; ${r.features.length - d.tested} with n < ${minRows} not tested` : `features drifted (${fmtPct(d?.driftShare ?? null, 0)})`}
      </Tile>
      <Tile label="Prediction drift" value={pd?.statistic != null ? fmtStat(pd.statistic) : '—'} tone={pd?.drifted ? 'bad' : 'plain'}>
        {pd?.statistic != null ? `${PD_WHAT[pd.task]} vs reference${pd.drifted ? ' — drifted' : ''}` : `not enough data (n ${pd?.n ?? 0} < ${minRows})`}
      </Tile>
      <Tile label="Requests" value={requests.toLocaleString()}>
        {s.predictions.toLocaleString()} predictions, {s.rejected.toLocaleString()} rejected
      </Tile>
      <Tile label="Error / rejection rate" value={fmtPct(s.errorRate)} tone={s.errorRate !== null && s.errorRate >= 0.05 ? 'bad' : 'plain'}>
        of all requests
      </Tile>
      <Tile label="p99 latency" value={fmtMs(s.p99)}>
        p50 {fmtMs(s.p50)}, p95 {fmtMs(s.p95)}
      </Tile>
      <OnlineTile r={r} />
      {r.task === 'binary' && (
        <>
          <Tile label="Estimated AUC" value={est.status === 'ok' ? fmtStat(est.expectedAuc) : '—'} tone="estimate" testId="tile-estimated-auc">
            estimate (no labels){est.referenceAuc !== null ? `; validation AUC ${fmtStat(est.referenceAuc)}` : ''}
            {est.status !== 'ok' ? `; not enough data (n ${est.n} < ${minRows})` : ''}
          </Tile>
          <Tile label="Estimated accuracy" value={est.status === 'ok' ? fmtPct(est.expectedAccuracy) : '—'} tone="estimate">
            estimate (no labels), assumes calibrated scores
          </Tile>
        </>
      )}
    </dl>
  );
}
