'use client';
import { formatAbsolute, formatRelative } from './format';

/** Relative time ("5 min. ago") with the absolute UTC time on hover and in the markup. */
export function RelativeTime({ at }: { at: Date | string | number | null | undefined }) {
  if (at === null || at === undefined) return <span className="text-slate-400">—</span>;
  const abs = formatAbsolute(at);
  return (
    <time dateTime={new Date(at).toISOString()} title={abs}>
      {formatRelative(at)}
    </time>
  );
}
