'use client';
// Selection rate and mean score per slice group as grouped bars (prepareSliceBars).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MonitoringFigure } from './monitoring-figure';
import type { SliceBar } from './prepare/monitoring-histogram';

export function MonitoringSlicesChart({ column, bars, hidden }: { column: string; bars: SliceBar[]; hidden: number }) {
  return (
    <MonitoringFigure
      title={`Selection rate and mean score by ${column}`}
      note={hidden ? `The ${bars.length} largest groups; ${hidden} smaller ones are in the table only.` : undefined}
      legend={[
        { key: 'selectionRate', name: 'selection rate (predicted 1)', color: '#0072b2', box: true },
        { key: 'meanScore', name: 'mean score', color: '#e69f00', box: true },
      ]}
    >
      <ResponsiveContainer width="100%" height={200} initialDimension={{ width: 400, height: 200 }}>
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="group" interval={0} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={44} unit="%" />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : String(v))} />
          <Bar dataKey="selectionRate" name="selection rate" fill="#0072b2" isAnimationActive={false} />
          <Bar dataKey="meanScore" name="mean score" fill="#e69f00" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </MonitoringFigure>
  );
}
