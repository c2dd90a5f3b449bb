'use client';
// Workers online (their heartbeats, refreshed every few seconds): what each offers (cpu, gpu with
// the GPUs' names and memory) and which queues it consumes.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

const gib = (mib: number | null) => (mib === null ? 'memory unknown' : `${(mib / 1024).toFixed(0)} GiB`);
const ago = (iso: string) => `${Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000))} s ago`;

export function WorkersPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.workers.list.queryOptions(undefined, { refetchInterval: 5000 }));
  return (
    <section aria-labelledby="workers-heading" className="flex flex-col gap-2" data-testid="workers-panel">
      <h2 id="workers-heading" className="text-lg font-semibold">
        Workers online
      </h2>
      {q.error && (
        <p role="alert" className="text-red-700">
          {q.error.message}
        </p>
      )}
      {q.data && q.data.length === 0 && <p className="text-sm text-slate-600">No worker online: queued jobs wait until one starts.</p>}
      {q.data && q.data.length > 0 && (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Workers online</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th className="px-3 py-2">Worker</th>
                <th className="px-3 py-2">Capabilities</th>
                <th className="px-3 py-2">GPUs</th>
                <th className="px-3 py-2">Queues</th>
                <th className="px-3 py-2">Started</th>
                <th className="px-3 py-2">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((w) => (
                <tr key={w.id} className="border-t border-slate-100 align-top" data-testid="worker-row">
                  <td className="px-3 py-2">
                    {w.host} <span className="text-slate-500">pid {w.pid}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{w.capabilities.join(', ')}</td>
                  <td className="px-3 py-2">
                    {w.gpus.length === 0
                      ? '—'
                      : w.gpus.map((g) => (
                          <div key={g.index}>
                            {g.index}: {g.name} ({gib(g.memoryMiB)})
                          </div>
                        ))}
                    {w.gpus.length > 0 && <div className="text-xs text-slate-500">{w.gpuJobs} busy</div>}
                  </td>
                  <td className="max-w-xs px-3 py-2 font-mono text-xs">{w.queues.join(', ')}</td>
                  <td className="whitespace-nowrap px-3 py-2">{new Date(w.startedAt).toLocaleString()}</td>
                  <td className="whitespace-nowrap px-3 py-2">{ago(w.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
