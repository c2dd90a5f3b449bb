'use client';
// The frame shared by the monitoring charts: a titled figure, the chart (hidden from screen
// readers, which get the caption, the legend and, where it matters, a table) and its legend.
import { minuteLabel } from './prepare/traffic';

export const MONITORING_CHART_HEIGHT = 220;
export const timeTick = (t: unknown) => minuteLabel(Number(t));

export interface LegendItem {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  /** Drawn as a filled box (a bar or a band) rather than a line. */
  box?: boolean;
}

export function MonitoringLegend({ title, items }: { title: string; items: LegendItem[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={`${title} legend`}>
      {items.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <svg width="18" height="10" aria-hidden="true">
            {s.box ? <rect x="2" y="1" width="14" height="8" fill={s.color} opacity={0.8} /> : <line x1="0" y1="5" x2="18" y2="5" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dashed ? '4 3' : undefined} />}
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
}

export function MonitoringFigure({ title, note, legend, children }: { title: string; note?: React.ReactNode; legend: LegendItem[]; children: React.ReactNode }) {
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {note && <p className="text-xs text-slate-600">{note}</p>}
      <div aria-hidden="true">{children}</div>
      <MonitoringLegend title={title} items={legend} />
    </figure>
  );
}
