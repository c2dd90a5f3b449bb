'use client';
// One swept param (x) against the sweep's validation metric (y), a dot per finished run, the
// best run drawn apart. Only numeric params can be chosen; a log range gets a log axis.
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

export interface ParamPoint {
  x: number;
  y: number;
  best: boolean;
  label: string;
}

interface Props {
  param: string;
  metric: string;
  points: ParamPoint[];
  logX: boolean;
  height?: number;
}

export function ParamMetricChart({ param, metric, points, logX, height = 280 }: Props) {
  const title = `${param} against validation ${metric}`;
  const rest = points.filter((p) => !p.best);
  const best = points.filter((p) => p.best);
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {points.length === 0 ? (
        <p className="flex items-center justify-center text-sm text-slate-500" style={{ height }}>
          No finished run has a value yet.
        </p>
      ) : (
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 400, height }}>
            <ScatterChart margin={{ top: 8, right: 12, bottom: 20, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" dataKey="x" name={param} scale={logX ? 'log' : 'auto'} domain={['auto', 'auto']} tick={{ fontSize: 11 }} label={{ value: param, position: 'insideBottom', offset: -12, fontSize: 11 }} />
              <YAxis type="number" dataKey="y" name={metric} domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={56} label={{ value: metric, angle: -90, position: 'insideLeft', fontSize: 11 }} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
              <Scatter name="runs" data={rest} fill="#64748b" isAnimationActive={false} />
              <Scatter name="best" data={best} fill="#16a34a" shape="star" isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      )}
      <p className="text-xs text-slate-600">Grey: runs; green star: the best run.</p>
    </figure>
  );
}
