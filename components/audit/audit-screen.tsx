'use client';
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { describeChange } from './describe-change';

const FILTERS = [
  { key: 'action', label: 'Action starts with' },
  { key: 'actor', label: 'Actor contains' },
  { key: 'targetType', label: 'Target type' },
  { key: 'targetId', label: 'Target id' },
] as const;

/** Filters live in the URL so a filtered view can be shared. */
export function AuditScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [before, setBefore] = useState<number[]>([]);
  const filters = Object.fromEntries(FILTERS.map((f) => [f.key, params.get(f.key) ?? undefined]).filter(([, v]) => v));
  const cursor = before[before.length - 1];
  const q = useQuery(trpc.audit.list.queryOptions({ ...filters, before: cursor, limit: 50 }));
  const labels = q.data?.labels ?? {};

  function apply(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = String(form.get(f.key) ?? '').trim();
      if (v) next.set(f.key, v);
    }
    setBefore([]);
    router.push(`${pathname}?${next.toString()}`);
  }

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={apply} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4" aria-label="Filter audit events">
        {FILTERS.map((f) => (
          <label key={f.key} className="flex flex-col gap-1 text-sm">
            {f.label}
            <input name={f.key} defaultValue={params.get(f.key) ?? ''} className="rounded border border-slate-300 px-2 py-1" />
          </label>
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
          Filter
        </button>
      </form>
      {q.error && <p role="alert" className="text-red-700">{q.error.message}</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th className="px-3 py-2">When</th>
              <th className="px-3 py-2">Actor</th>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">Target</th>
              <th className="px-3 py-2">Change</th>
              <th className="px-3 py-2">Why</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
                <td className="whitespace-nowrap px-3 py-2">{new Date(e.at).toLocaleString()}</td>
                <td className="px-3 py-2">{e.actorLabel}</td>
                <td className="px-3 py-2 font-mono">{e.action}</td>
                <td className="px-3 py-2" data-testid="audit-target">
                  {e.targetType} {labels[e.targetId.toLowerCase()] && <span className="font-medium">{labels[e.targetId.toLowerCase()]}</span>}{' '}
                  <span className="break-all font-mono text-xs text-slate-500" title={e.targetId}>
                    {labels[e.targetId.toLowerCase()] ? e.targetId.slice(0, 8) : e.targetId}
                  </span>
                </td>
                <td className="break-all px-3 py-2 font-mono text-xs" data-testid="audit-change">
                  {describeChange(e.before, e.after, labels).map((line, i) => (
                    <div key={i}>{line}</div>
                  ))}
                </td>
                <td className="px-3 py-2">{e.reason}</td>
              </tr>
            ))}
            {q.data && q.data.events.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                  No events match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="flex gap-2">
        <button type="button" disabled={before.length === 0} onClick={() => setBefore(before.slice(0, -1))} className="rounded border px-3 py-1 text-sm disabled:opacity-50">
          Newer
        </button>
        <button type="button" disabled={!q.data?.nextBefore} onClick={() => q.data?.nextBefore && setBefore([...before, q.data.nextBefore])} className="rounded border px-3 py-1 text-sm disabled:opacity-50">
          Older
        </button>
      </div>
    </div>
  );
}
