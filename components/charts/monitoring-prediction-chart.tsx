'use client';
// The prediction (score) distribution over time: the p10–p90 band, the median and the mean
// score per bucket (preparePredictions).
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MONITORING_CHART_HEIGHT as H, MonitoringFigure, timeTick } from './monitoring-figure';
import type { PredictionPoint } from './prepare/monitoring-series';
import { needsDots } from './prepare/monitoring-series';

const fmt = (v: unknown) => (Array.isArray(v) ? v.map((x) => Number(x).toFixed(3)).join(' – ') : typeof v === 'number' ? v.toFixed(3) : String(v));

export function MonitoringPredictionChart({ points }: { points: PredictionPoint[] }) {
  return (
    <MonitoringFigure
      title="Prediction distribution over time"
      note="Score per bucket: the band spans the 10th to 90th percentile (buckets with enough predictions)."
      legend={[
        { key: 'band', name: 'p10 – p90', color: '#93c5fd', box: true },
        { key: 'median', name: 'median (p50)', color: '#1d4ed8', dashed: true },
        { key: 'mean', name: 'mean score', color: '#d55e00' },
      ]}
    >
      <ResponsiveContainer width="100%" height={H} initialDimension={{ width: 400, height: H }}>
        <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={timeTick} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={40} />
          <Tooltip labelFormatter={timeTick} formatter={fmt} />
          <Area dataKey="band" name="p10 – p90" stroke="none" fill="#93c5fd" fillOpacity={0.6} isAnimationActive={false} />
          <Line dataKey="median" name="median" stroke="#1d4ed8" strokeDasharray="5 4" dot={needsDots(points.map((p) => p.median))} isAnimationActive={false} />
          <Line dataKey="mean" name="mean score" stroke="#d55e00" dot={needsDots(points.map((p) => p.mean))} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
