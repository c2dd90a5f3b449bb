'use client';
// Bar chart of prepared histogram bars (components/charts/prepare/histogram.ts). Screen readers
// get the same numbers as a table, since the SVG itself says nothing to them.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBar } from './prepare/histogram';
import { CountsTable } from './counts-table';

export function HistogramChart({ bars, title, binHeader = 'Bin', height = 200 }: { bars: HistogramBar[]; title: string; binHeader?: string; height?: number }) {
  const labelOf = new Map(bars.map((b) => [b.key, b.label]));
  const slanted = bars.length > 6;
  return (
    <figure className="flex flex-col gap-1" aria-label={title}>
      <figcaption className="sr-only">{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: slanted ? 40 : 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="key"
              tickFormatter={(k: string) => truncate(labelOf.get(k) ?? k)}
              interval={0}
              angle={slanted ? -35 : 0}
              textAnchor={slanted ? 'end' : 'middle'}
              tick={{ fontSize: 11 }}
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={48} />
            <Tooltip
              labelFormatter={(k) => labelOf.get(String(k)) ?? String(k)}
              formatter={(value, _name, item) => [`${value} (${((item.payload as HistogramBar).share * 100).toFixed(1)}%)`, 'count']}
            />
            <Bar dataKey="count" fill="var(--color-brand-600)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <CountsTable title={title} binHeader={binHeader} rows={bars} />
    </figure>
  );
}

function truncate(s: string, max = 18): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
