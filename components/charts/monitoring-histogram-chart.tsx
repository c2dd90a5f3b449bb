'use client';
// Reference (training data) vs current window distribution of one input as grouped bars, in
// percent of rows (prepareComparedHistogram); screen readers get the same numbers as a table.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MonitoringLegend } from './monitoring-figure';
import type { ComparedBar } from './prepare/monitoring-histogram';

const REF = '#94a3b8';
const CUR = '#0072b2';
const truncate = (s: string, max = 18) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function MonitoringHistogramChart({ feature, bars, height = 240 }: { feature: string; bars: ComparedBar[]; height?: number }) {
  const title = `Reference vs current: ${feature}`;
  const labelOf = new Map(bars.map((b) => [b.key, b.label]));
  const slanted = bars.length > 5;
  return (
    <figure className="flex min-w-0 flex-col gap-2" aria-label={title}>
      <figcaption className="sr-only">{title}</figcaption>
      <div aria-hidden="true" data-testid="histogram-bars">
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: slanted ? 44 : 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={(k: string) => truncate(labelOf.get(k) ?? k)} interval={0} angle={slanted ? -35 : 0} textAnchor={slanted ? 'end' : 'middle'} tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={44} unit="%" />
            <Tooltip labelFormatter={(k) => labelOf.get(String(k)) ?? String(k)} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : String(v))} />
            <Bar dataKey="reference" name="reference (training data)" fill={REF} isAnimationActive={false} />
            <Bar dataKey="current" name="current window" fill={CUR} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <MonitoringLegend
        title={title}
        items={[
          { key: 'reference', name: 'reference (training data)', color: REF, box: true },
          { key: 'current', name: 'current window', color: CUR, box: true },
        ]}
      />
      <div className="sr-only">
        <table>
          <caption>{title}, percent of rows per bin</caption>
          <thead>
            <tr>
              <th scope="col">Bin</th>
              <th scope="col">Reference</th>
              <th scope="col">Current</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.reference.toFixed(1)}%</td>
                <td>{b.current.toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
