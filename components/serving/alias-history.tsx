'use client';
// Every alias move of a model, newest first: who moved what where, and why.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { fmtShare } from './format';

const v = (n: number | null) => (n === null ? '—' : `v${n}`);

export function AliasHistory({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.aliases.history.queryOptions({ model }), refetchInterval: 5000 });
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      {q.error && (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Alias history of {model}</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">When</th>
            <th scope="col" className="px-3 py-2">Alias</th>
            <th scope="col" className="px-3 py-2">Kind</th>
            <th scope="col" className="px-3 py-2">From → to</th>
            <th scope="col" className="px-3 py-2">Share</th>
            <th scope="col" className="px-3 py-2">Who</th>
            <th scope="col" className="px-3 py-2">Why</th>
          </tr>
        </thead>
        <tbody>
          {q.data?.map((m) => (
            <tr key={m.id} className="border-t border-slate-100" data-testid="alias-move-row">
              <td className="whitespace-nowrap px-3 py-2">{new Date(m.at).toLocaleString()}</td>
              <td className="px-3 py-2">{m.alias}</td>
              <td className="px-3 py-2">
                {m.kind}
                {m.breakGlass && <span className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">break-glass</span>}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {v(m.fromVersion)} → {v(m.toVersion)}
              </td>
              <td className="px-3 py-2">{m.alias === 'canary' && m.toVersion !== null ? fmtShare(m.share) : '—'}</td>
              <td className="px-3 py-2">{m.actor}</td>
              <td className="px-3 py-2">{m.reason}</td>
            </tr>
          ))}
          {q.data && q.data.length === 0 && (
            <tr>
              <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                No alias has moved yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
