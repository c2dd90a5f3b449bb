'use client';
// Overlaid line series on numeric x and y axes (ROC, PR, calibration, per-iteration metrics).
// Each series carries its own points (components/charts/prepare/curve-overlay.ts), so curves with
// different x positions share one chart. The legend is HTML so it is readable and selectable.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Series } from './prepare/curve-overlay';
import { niceScale } from './prepare/histogram';

interface Props {
  title: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
  /** Fixed [0, 1] axes for rates and probabilities; omitted = fitted to the data. */
  unitSquare?: boolean;
  height?: number;
  empty?: string;
}

/** Round ticks over the drawn data (or [0, 1]) whose labels never repeat. */
function axis(values: number[], unitSquare: boolean) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const s = unitSquare ? niceScale(0, 1, 6) : lo <= hi ? niceScale(lo, hi) : niceScale(0, 1);
  const label = new Map(s.ticks.map((t, i) => [t, s.labels[i]]));
  return { domain: s.domain, ticks: s.ticks, format: (v: number) => label.get(v) ?? String(v) };
}

export function CurveChart({ title, series, xLabel, yLabel, unitSquare = false, height = 240, empty = 'No data yet.' }: Props) {
  const drawn = series.filter((s) => s.key !== 'reference');
  const xAxis = axis(drawn.flatMap((s) => s.points.map((p) => p.x)), unitSquare);
  const yAxis = axis(drawn.flatMap((s) => s.points.map((p) => p.y)), unitSquare);
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {drawn.length === 0 ? (
        <p className="flex items-center justify-center text-sm text-slate-500" style={{ height }}>
          {empty}
        </p>
      ) : (
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 400, height }}>
            <LineChart margin={{ top: 8, right: 12, bottom: 20, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" dataKey="x" domain={xAxis.domain} ticks={xAxis.ticks} tickFormatter={xAxis.format} tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -12, fontSize: 11 }} allowDataOverflow={unitSquare} />
              <YAxis type="number" domain={yAxis.domain} ticks={yAxis.ticks} tickFormatter={yAxis.format} tick={{ fontSize: 11 }} width={48} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }} allowDataOverflow={unitSquare} />
              {series.map((s) => (
                <Line key={s.key} data={s.points} dataKey="y" name={s.name} stroke={s.color} strokeDasharray={s.dashed ? '5 4' : undefined} dot={s.points.length <= 12} isAnimationActive={false} type="linear" />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {series.length > 0 && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={`${title} legend`}>
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <svg width="18" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="18" y2="4" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dashed ? '4 3' : undefined} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {drawn.length > 0 && (
        <div className="sr-only">
          <table>
            <caption>{title}: last point of each series</caption>
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">Points</th>
                <th scope="col">{xLabel}</th>
                <th scope="col">{yLabel}</th>
              </tr>
            </thead>
            <tbody>
              {drawn.map((s) => (
                <tr key={s.key}>
                  <td>{s.name}</td>
                  <td>{s.points.length}</td>
                  <td>{s.points.at(-1)?.x}</td>
                  <td>{s.points.at(-1)?.y}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
