'use client';
// Read-only: versions serving could not load (per instance and alias, with the reason) and
// prediction records quarantined because Postgres refused them. On the model page (one model)
// and On-call (every model).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function ServingHealth({ model }: { model?: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.predictions.servingHealth.queryOptions({ model }), refetchInterval: 10_000 });
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-sm text-slate-500">Loading serving health…</p>;
  const { loadFailures, quarantine } = q.data;
  if (!loadFailures.length && !quarantine.total) {
    return (
      <p className="text-sm text-slate-600" data-testid="serving-health-ok">
        Every aliased version loads, and no prediction record was quarantined.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3" data-testid="serving-health">
      {loadFailures.length > 0 && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm">
          <p className="font-medium text-red-800">Serving could not load {loadFailures.length === 1 ? 'a version' : `${loadFailures.length} versions`}; the other aliases still apply.</p>
          <ul className="mt-1 list-disc pl-5 text-red-800">
            {loadFailures.map((f) => (
              <li key={`${f.instance}/${f.model}/${f.alias}`}>
                {model ? '' : `${f.model}: `}
                {f.alias} → v{f.version} on {f.instance}: {f.reason} (since {new Date(f.firstAt).toLocaleString()})
              </li>
            ))}
          </ul>
        </div>
      )}
      {quarantine.total > 0 && (
        <div className="rounded border border-amber-200 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">
            {quarantine.total.toLocaleString()} prediction record{quarantine.total === 1 ? '' : 's'} quarantined (Postgres refused them; the rest of the log shipped). Latest:
          </p>
          <div className="mt-1 overflow-x-auto">
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Quarantined prediction records</caption>
              <thead className="text-amber-900">
                <tr>
                  <th scope="col" className="px-2 py-1">When</th>
                  {!model && <th scope="col" className="px-2 py-1">Model</th>}
                  <th scope="col" className="px-2 py-1">Where</th>
                  <th scope="col" className="px-2 py-1">Reason</th>
                  <th scope="col" className="px-2 py-1">Record (start)</th>
                </tr>
              </thead>
              <tbody>
                {quarantine.recent.map((r) => (
                  <tr key={r.id} className="border-t border-amber-100 align-top">
                    <td className="whitespace-nowrap px-2 py-1">{new Date(r.at).toLocaleString()}</td>
                    {!model && <td className="px-2 py-1">{r.model ?? '—'}</td>}
                    <td className="whitespace-nowrap px-2 py-1">
                      {r.instance}/{r.segment}:{r.line}
                    </td>
                    <td className="px-2 py-1">{r.reason}</td>
                    <td className="max-w-md truncate px-2 py-1 font-mono" title={r.raw}>
                      {r.raw.slice(0, 120)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
