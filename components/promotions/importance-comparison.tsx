'use client';
// Feature importance of the candidate next to the incumbent's, per input, with the change: which
// inputs the new version leans on more or less. Both come from what was stored on each version's
// page; this panel computes nothing, and says where to compute what is missing.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatNumber } from '@/components/format/format';
import { useTRPC } from '@/lib/trpc';

function signed(x: number) {
  return `${x > 0 ? '+' : ''}${formatNumber(x)}`;
}

export function ImportanceComparison({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.promotions.importance.queryOptions({ id }));
  const d = q.data;
  const versionLink = (v: number) => (
    <Link href={`/models/${encodeURIComponent(d?.model ?? '')}/versions/${v}`} className="text-brand-700 underline">
      v{v}
    </Link>
  );
  const missing = d ? [d.candidate, ...(d.incumbent ? [d.incumbent] : [])].filter((s) => s.computed === null) : [];
  const sameData = d?.candidate.computed && d.incumbent?.computed && d.candidate.computed.datasetVersionId === d.incumbent.computed.datasetVersionId && d.candidate.computed.metric === d.incumbent.computed.metric;
  return (
    <section aria-labelledby="importance-title" className="flex flex-col gap-2" data-testid="importance-comparison">
      <h2 id="importance-title" className="text-lg font-semibold">
        Feature importance: candidate vs incumbent
      </h2>
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {q.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {d && !d.incumbent && <p className="text-sm text-slate-500">No incumbent: this is the first release, there is nothing to compare with.</p>}
      {d && d.incumbent && missing.length > 0 && (
        <p className="text-sm text-slate-600" data-testid="importance-missing">
          Not computed yet for{' '}
          {missing.map((s, i) => (
            <span key={s.version}>
              {i > 0 && ' and '}
              {versionLink(s.version)}
            </span>
          ))}
          . An engineer computes it on each version&apos;s page (Compute feature importance); the comparison shows here once both have it.
        </p>
      )}
      {d?.rows && (
        <>
          <p className="text-sm text-slate-600">
            Drop in {d.candidate.computed!.metric.toUpperCase()} when each input is shuffled, as stored for {versionLink(d.candidate.version)} and {versionLink(d.incumbent!.version)}
            {sameData ? ', on the same data.' : '. Measured on different data or metrics: compare rankings rather than figures.'}
          </p>
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Permutation importance per input, candidate and incumbent</caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Input</th>
                  <th scope="col" className="px-3 py-2">Candidate v{d.candidate.version}</th>
                  <th scope="col" className="px-3 py-2">Incumbent v{d.incumbent!.version}</th>
                  <th scope="col" className="px-3 py-2">Change</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.input} className="border-t border-slate-100" data-testid="importance-compare-row">
                    <th scope="row" className="px-3 py-1.5 font-mono font-normal">{r.input}</th>
                    <td className="px-3 py-1.5 tabular-nums">{r.candidate === null ? 'not an input' : formatNumber(r.candidate)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{r.incumbent === null ? 'not an input' : formatNumber(r.incumbent)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{r.change === null ? '—' : signed(r.change)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
