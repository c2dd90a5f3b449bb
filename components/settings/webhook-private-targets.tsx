'use client';
// The admin switch that lets webhooks reach loopback, link-local and private addresses
// (on-prem receivers). Off by default: a webhook URL must not become a way into the network.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function WebhookPrivateTargets() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.webhooks.allowPrivate.queryOptions());
  const set = useMutation(trpc.webhooks.setAllowPrivate.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.webhooks.allowPrivate.queryKey() }) }));
  if (!q.data) return null;
  return (
    <div className="flex max-w-3xl flex-col gap-1 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={q.data.allow} disabled={set.isPending} onChange={(e) => set.mutate({ allow: e.currentTarget.checked })} />
        Allow webhooks to private, loopback and link-local addresses (on-premises receivers)
      </label>
      {q.data.fromEnvironment && <p className="text-slate-600">Allowed by the server’s VIGIL_WEBHOOK_ALLOW_PRIVATE, whatever this switch says.</p>}
      {set.error && (
        <p role="alert" className="text-red-700">
          {set.error.message}
        </p>
      )}
    </div>
  );
}
