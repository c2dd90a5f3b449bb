'use client';
// Online AUC / accuracy (from delayed labels) next to the estimated AUC / accuracy (CBPE, no
// labels), the estimates dashed and named as such (preparePerformance).
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { PerformancePoint } from './prepare/monitoring-series';
import { needsDots } from './prepare/monitoring-series';

const AUC = '#0072b2';
const ACC = '#009e73';

export function MonitoringPerformanceChart({ points, yMin, hasOnline, referenceAuc }: { points: PerformancePoint[]; yMin: number; hasOnline: boolean; referenceAuc: number | null }) {
  const legend = [
    { key: 'onlineAuc', name: 'online AUC (labels)', color: AUC },
    { key: 'onlineAccuracy', name: 'online accuracy (labels)', color: ACC },
    { key: 'estimatedAuc', name: 'estimated AUC (estimate, no labels)', color: AUC, dashed: true },
    { key: 'estimatedAccuracy', name: 'estimated accuracy (estimate, no labels)', color: ACC, dashed: true },
  ];
  if (referenceAuc !== null) legend.push({ key: 'ref', name: `validation AUC ${referenceAuc.toFixed(3)}`, color: '#64748b', dashed: true });
  return (
    <MonitoringFigure
      title="Performance over time: online vs estimated"
      note={hasOnline ? 'Online figures need enough labelled predictions in a bucket; estimates assume calibrated scores.' : 'No bucket has enough labels yet: only the estimate (no labels) is drawn.'}
      legend={legend}
    >
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis domain={[yMin, 1]} tick={{ fontSize: 11 }} width={40} />
          <Tooltip labelFormatter={timeTick} formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          {referenceAuc !== null && <ReferenceLine y={referenceAuc} stroke="#64748b" strokeDasharray="2 3" ifOverflow="extendDomain" />}
          <Line dataKey="onlineAuc" name="online AUC" stroke={AUC} dot={needsDots(points.map((p) => p.onlineAuc))} isAnimationActive={false} />
          <Line dataKey="onlineAccuracy" name="online accuracy" stroke={ACC} dot={needsDots(points.map((p) => p.onlineAccuracy))} isAnimationActive={false} />
          <Line dataKey="estimatedAuc" name="estimated AUC (no labels)" stroke={AUC} strokeDasharray="6 4" dot={needsDots(points.map((p) => p.estimatedAuc))} isAnimationActive={false} />
          <Line dataKey="estimatedAccuracy" name="estimated accuracy (no labels)" stroke={ACC} strokeDasharray="6 4" dot={needsDots(points.map((p) => p.estimatedAccuracy))} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
