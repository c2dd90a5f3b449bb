'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';

export function ExperimentsList() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery(trpc.experiments.list.queryOptions());
  const canTrain = me.data?.permissions.includes('training.run');
  return (
    <div className="flex flex-col gap-4">
      {canTrain && (
        <div>
          <Link href="/experiments/new" className="inline-block rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            New run
          </Link>
        </div>
      )}
      {list.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {list.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Experiments</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Runs</th>
              <th scope="col" className="px-3 py-2">Last run</th>
              <th scope="col" className="px-3 py-2">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((e) => (
              <tr key={e.id} className="border-t border-slate-100" data-testid="experiment-row">
                <td className="px-3 py-2">
                  <Link href={`/experiments/${e.id}`} className="font-medium text-brand-700 hover:underline">
                    {e.name}
                  </Link>
                  {e.description && <div className="text-xs text-slate-500">{e.description}</div>}
                </td>
                <td className="px-3 py-2">{e.runs}</td>
                <td className="px-3 py-2">{e.lastRunAt ? new Date(e.lastRunAt).toLocaleString() : '—'}</td>
                <td className="px-3 py-2">{new Date(e.createdAt).toLocaleString()}</td>
              </tr>
            ))}
            {list.data?.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-6 text-center text-slate-500">
                  No experiments yet. Start a run to create one.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
