'use client';
// p50 and p99 serving latency per bucket (prepareService).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { ServicePoint } from './prepare/monitoring-series';
import { needsDots } from './prepare/monitoring-series';

export function MonitoringLatencyChart({ points }: { points: ServicePoint[] }) {
  return (
    <MonitoringFigure
      title="Latency p50 / p99"
      legend={[
        { key: 'p50', name: 'p50', color: '#0072b2' },
        { key: 'p99', name: 'p99', color: '#0072b2', dashed: true },
      ]}
    >
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis tick={{ fontSize: 11 }} width={52} unit=" ms" />
          <Tooltip labelFormatter={timeTick} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} ms` : String(v))} />
          <Line dataKey="p50" name="p50" stroke="#0072b2" dot={needsDots(points.map((p) => p.p50))} isAnimationActive={false} />
          <Line dataKey="p99" name="p99" stroke="#0072b2" strokeDasharray="5 4" dot={needsDots(points.map((p) => p.p99))} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
