'use client';
// Paging for a short list that is not a table (an alert feed): "11–20 of 57" with Newer and
// Older. The caller keeps the offset; the server pages (server/services/lists/list-query.ts).
import { formatNumber } from '@/components/format/format';

export function ListPager({ label, offset, limit, total, onOffset }: { label: string; offset: number; limit: number; total: number | undefined; onOffset: (offset: number) => void }) {
  const t = total ?? 0;
  if (t <= limit && offset === 0) return null;
  const btn = 'rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40';
  return (
    <nav aria-label={`${label} pages`} className="flex items-center gap-3 px-3 py-2 text-xs text-slate-600">
      <span data-testid="list-range">
        {formatNumber(t === 0 ? 0 : offset + 1)}–{formatNumber(Math.min(t, offset + limit))} of {formatNumber(t)}
      </span>
      <button type="button" className={btn} disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Newer
      </button>
      <button type="button" className={btn} disabled={offset + limit >= t} onClick={() => onOffset(offset + limit)}>
        Older
      </button>
    </nav>
  );
}
