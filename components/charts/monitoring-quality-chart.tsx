'use client';
// Missing share per bucket for the features that had missing values in the period
// (prepareQuality).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { FeatureLine, FeaturePoint } from './prepare/monitoring-series';
import { needsDots } from './prepare/monitoring-series';

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v));

export function MonitoringQualityChart({ points, lines }: { points: FeaturePoint[]; lines: FeatureLine[] }) {
  const title = 'Data quality: missing share per feature';
  if (!lines.length) {
    return (
      <figure className="rounded border border-slate-200 bg-white p-3" aria-label={title}>
        <figcaption className="text-sm font-medium">{title}</figcaption>
        <p className="mt-2 text-sm text-slate-600">No feature had missing values in this period.</p>
      </figure>
    );
  }
  return (
    <MonitoringFigure title={title} legend={lines}>
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis tickFormatter={pct} tick={{ fontSize: 11 }} width={48} />
          <Tooltip labelFormatter={timeTick} formatter={pct} />
          {lines.map((l) => (
            <Line key={l.key} dataKey={(p: FeaturePoint) => p.values[l.key]} name={l.name} stroke={l.color} dot={needsDots(points.map((p) => p.values[l.key]))} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
