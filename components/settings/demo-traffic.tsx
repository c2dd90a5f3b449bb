'use client';
// The demo traffic simulator (a worker job sending predictions to the demo model): on or off.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';

export function DemoTraffic() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canSwitch = useCan('policy.manage');
  const q = useQuery(trpc.demo.traffic.queryOptions());
  const set = useMutation(trpc.demo.setTraffic.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.demo.traffic.queryKey() }) }));
  const enabled = q.data?.enabled;
  return (
    <section aria-labelledby="demo-traffic-title" className="flex flex-col gap-3">
      <h2 id="demo-traffic-title" className="text-lg font-semibold">
        Demo traffic
      </h2>
      <p className="max-w-2xl text-sm text-slate-600">
        When on, the worker sends simulated loan applications to the demo model and labels some of them later, so the serving and monitoring screens have live data.
      </p>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="demo-traffic-state">
          Demo traffic is <strong>{enabled === undefined ? '…' : enabled ? 'on' : 'off'}</strong>.
        </span>
        {canSwitch && enabled !== undefined && (
          <button
            type="button"
            disabled={set.isPending}
            onClick={() => set.mutate({ enabled: !enabled })}
            className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100 disabled:opacity-50"
          >
            {enabled ? 'Turn demo traffic off' : 'Turn demo traffic on'}
          </button>
        )}
      </div>
      {(q.error ?? set.error) && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {(q.error ?? set.error)?.message}
        </p>
      )}
    </section>
  );
}
