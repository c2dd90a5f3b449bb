'use client';
import { DensityHistogramChart } from '@/components/charts/density-histogram-chart';
import { HistogramChart } from '@/components/charts/histogram-chart';
import { categoricalBars, numericDensityBins, numericHistogramBars } from '@/components/charts/prepare/histogram';
import type { ColumnProfile } from '@/server/ml/data/profile';
import { formatShare, formatStat } from './format';

const TOP_LISTED = 5;
const SHOWN_CHARS = 40;

/** A long category value, cut for the card (the tooltip has what the profile kept). */
function shorten(v: string): string {
  const cps = Array.from(v);
  return cps.length > SHOWN_CHARS ? `${cps.slice(0, SHOWN_CHARS - 1).join('')}…` : v;
}

/** One column's profile: counts, summary statistics, and its histogram. */
export function ColumnProfileCard({ profile, index }: { profile: ColumnProfile; index: number }) {
  const headingId = `column-profile-${index}`;
  const bars = profile.type === 'numeric' ? numericHistogramBars(profile.histogram, profile.min, profile.max) : categoricalBars(profile.categories, profile.other, undefined, profile.distinct);
  const density = profile.type === 'numeric' ? numericDensityBins(profile.histogram, profile.min, profile.max) : null;
  const stats: [string, string][] = [
    ['Values', String(profile.count)],
    ['Missing', `${profile.missing} (${formatShare(profile.missing_share)})`],
  ];
  if (profile.type === 'numeric') {
    stats.push(['Min', formatStat(profile.min)], ['Max', formatStat(profile.max)], ['Mean', formatStat(profile.mean)], ['Std', formatStat(profile.std)]);
    if (profile.quantiles.length === 11) stats.push(['Median', formatStat(profile.quantiles[5])]);
  } else {
    stats.push(['Distinct', String(profile.distinct)]);
  }
  return (
    <section aria-labelledby={headingId} data-testid={`column-profile-${profile.name}`} className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h3 id={headingId} className="flex items-baseline gap-2 font-semibold">
        <span className="font-mono">{profile.name}</span>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-normal text-slate-600">{profile.type}</span>
      </h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {stats.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      {profile.type === 'categorical' && profile.categories.length > 0 && (
        <p className="text-sm text-slate-700">
          Top:{' '}
          {profile.categories.slice(0, TOP_LISTED).map((c, i) => (
            <span key={`${i}:${c.value}`}>
              {i > 0 && ', '}
              <span className="break-all font-mono" title={c.value}>
                {shorten(c.value)}
              </span>{' '}
              ({c.count})
            </span>
          ))}
        </p>
      )}
      {density ? (
        <DensityHistogramChart bins={density} title={`Histogram of ${profile.name}`} />
      ) : profile.count > 0 ? (
        <HistogramChart bars={bars} title={`Histogram of ${profile.name}`} binHeader={profile.type === 'numeric' ? 'Range' : 'Category'} />
      ) : (
        <p className="text-sm text-slate-500">No values to chart: every row is missing.</p>
      )}
    </section>
  );
}
