'use client';
// Drift statistic per bucket for the chosen features, with the drift threshold as a dashed
// reference line. Points come from prepareDrift (components/charts/prepare/monitoring-series.ts).
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { FeatureLine, FeaturePoint } from './prepare/monitoring-series';
import { needsDots } from './prepare/monitoring-series';

export function MonitoringDriftChart({ points, lines, yMax, threshold, title = 'Drift score over time', note }: { points: FeaturePoint[]; lines: FeatureLine[]; yMax: number; threshold: number; title?: string; note?: string }) {
  return (
    <MonitoringFigure
      title={title}
      note={note ?? `PSI for numeric inputs, Jensen–Shannon distance for categorical ones; drifted at ${threshold} or more. Gaps: too few rows in the bucket.`}
      legend={[...lines, { key: 'threshold', name: `threshold ${threshold}`, color: '#b91c1c', dashed: true }]}
    >
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis domain={[0, yMax]} tick={{ fontSize: 11 }} width={44} />
          <Tooltip labelFormatter={timeTick} formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <ReferenceLine y={threshold} stroke="#b91c1c" strokeDasharray="5 4" ifOverflow="extendDomain" />
          {lines.map((l) => (
            <Line key={l.key} dataKey={(p: FeaturePoint) => p.values[l.key]} name={l.name} stroke={l.color} dot={needsDots(points.map((p) => p.values[l.key]))} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
