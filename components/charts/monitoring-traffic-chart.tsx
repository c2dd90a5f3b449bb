'use client';
// Predictions and rejected requests per bucket, stacked (prepareService).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { ServicePoint } from './prepare/monitoring-series';

export function MonitoringTrafficChart({ points, bucketMinutes }: { points: ServicePoint[]; bucketMinutes: number }) {
  return (
    <MonitoringFigure
      title={`Traffic per ${bucketMinutes === 1 ? 'minute' : `${bucketMinutes} minutes`}`}
      legend={[
        { key: 'predictions', name: 'predictions', color: '#009e73', box: true },
        { key: 'rejected', name: 'rejected requests', color: '#d55e00', box: true },
      ]}
    >
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <BarChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={48} />
          <Tooltip labelFormatter={timeTick} />
          <Bar dataKey="predictions" name="predictions" stackId="n" fill="#009e73" isAnimationActive={false} />
          <Bar dataKey="rejected" name="rejected" stackId="n" fill="#d55e00" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
