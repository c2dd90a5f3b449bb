'use client';
// A numeric column's histogram with its bins at their real widths (components/charts/prepare/
// histogram.ts numericDensityBins): bar area = share of values, so the shape is the data's.
// Plain SVG: recharts draws categorical bars of equal width, which made every profile's
// equal-count bins look flat. Screen readers get the bins and counts as a table.
import { niceScale, type DensityBin } from './prepare/histogram';
import { CountsTable } from './counts-table';

const W = 480;
const H = 200;
const PAD = { left: 8, right: 12, top: 8, bottom: 28 };

export function DensityHistogramChart({ bins, title }: { bins: DensityBin[]; title: string }) {
  const lo = bins[0].x0;
  const hi = bins[bins.length - 1].x1;
  const x = niceScale(lo, hi, 6);
  const [d0, d1] = x.domain;
  const sx = (v: number) => PAD.left + ((v - d0) / (d1 - d0)) * (W - PAD.left - PAD.right);
  const top = Math.max(...bins.map((b) => b.density));
  const sy = (d: number) => (top > 0 ? (d / top) * (H - PAD.top - PAD.bottom) : 0);
  const minPx = 2;
  return (
    <figure className="flex flex-col gap-1" aria-label={title}>
      <figcaption className="sr-only">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-hidden="true" data-testid="density-histogram">
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#94a3b8" />
        {bins.map((b) => {
          const x0 = sx(b.x0);
          const w = Math.max(sx(b.x1) - x0, b.count > 0 ? minPx : 0);
          const h = sy(b.density);
          return (
            <rect key={b.key} x={x0} y={H - PAD.bottom - h} width={w} height={h} fill="var(--color-brand-600)" stroke="white" strokeWidth={0.5}>
              <title>{`${b.label}: ${b.count} (${(b.share * 100).toFixed(1)}%)`}</title>
            </rect>
          );
        })}
        {x.ticks.map((t, i) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={H - PAD.bottom} y2={H - PAD.bottom + 4} stroke="#94a3b8" />
            <text x={sx(t)} y={H - PAD.bottom + 16} fontSize={11} textAnchor="middle" fill="#475569">
              {x.labels[i]}
            </text>
          </g>
        ))}
      </svg>
      <p className="text-xs text-slate-500">Bins hold about a tenth of the values each; a bar&apos;s area is its share, so tall narrow bars are where values crowd.</p>
      <CountsTable title={title} binHeader="Range" rows={bins} />
    </figure>
  );
}
