'use client';
// Alert webhooks (policy.manage): Vigil POSTs each alert firing / resolved as JSON to these
// URLs, signed so receivers can check the sender. The secret is shown once, at creation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ShownOnceSecret } from '@/components/ui/shown-once-secret';
import { useTRPC } from '@/lib/trpc';
import { WebhookPrivateTargets } from './webhook-private-targets';

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

export function Webhooks() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [logOf, setLogOf] = useState('');
  const q = useQuery({ ...trpc.webhooks.list.queryOptions(logOf ? { webhookId: logOf } : {}), refetchInterval: 15_000 });
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions({ onSuccess: () => invalidate() }));
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [confirming, setConfirming] = useState<string | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (w) => {
        setCreated({ name: w.name, secret: w.secret });
        setFormKey((n) => n + 1);
        return invalidate();
      },
    }),
  );
  const disable = useMutation(
    trpc.webhooks.disable.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        return invalidate();
      },
    }),
  );
  const error = create.error ?? disable.error ?? redeliver.error ?? q.error;
  const nameOf = new Map(q.data?.webhooks.map((w) => [w.id, w.name]));

  function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ name: String(f.get('name')), url: String(f.get('url')) });
  }

  return (
    <section aria-labelledby="webhooks-title" className="flex flex-col gap-4">
      <h2 id="webhooks-title" className="text-lg font-semibold">
        Webhooks
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        When an alert fires or resolves, Vigil POSTs a JSON body to every enabled webhook, retrying with backoff on failure (a silenced alert sends nothing). Each request carries <code>X-Vigil-Signature: sha256=&lt;hex&gt;</code>, the HMAC-SHA256 of the exact request body keyed with the webhook’s secret; receivers should compute it and compare before trusting the body.
      </p>
      <WebhookPrivateTargets />
      <form key={formKey} onSubmit={onCreate} aria-label="Create webhook" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Webhook name
          <input name="name" required maxLength={100} placeholder="e.g. on-call chat" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          URL
          <input name="url" type="url" required placeholder="https://example.com/hooks/vigil" className="w-96 max-w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Create webhook
        </button>
      </form>
      {created && (
        <ShownOnceSecret
          testId="new-webhook-secret"
          message={<>Webhook “{created.name}” created. Copy its signing secret now: it will not be shown again.</>}
          inputLabel="Signing secret"
          value={created.secret}
          copyLabel="Copy signing secret"
          inputWidthClass="w-[28rem]"
          onDismiss={() => setCreated(null)}
        >
          <p className="text-amber-900">
            Verify: <code>X-Vigil-Signature</code> = <code>sha256=</code> + hex(HMAC-SHA256(secret, raw body)).
          </p>
        </ShownOnceSecret>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Webhooks</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">URL</th>
              <th scope="col" className="px-3 py-2">Created</th>
              <th scope="col" className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.webhooks.map((w) => (
              <tr key={w.id} className="border-t border-slate-100" data-testid={`webhook-row-${w.name}`}>
                <td className="px-3 py-2">{w.name}</td>
                <td className="break-all px-3 py-2 font-mono text-xs">{w.url}</td>
                <td className="whitespace-nowrap px-3 py-2">{when(w.createdAt)}</td>
                <td className="px-3 py-2">
                  {!w.enabled ? (
                    'disabled'
                  ) : confirming === w.id ? (
                    <span className="flex flex-wrap items-center gap-2">
                      Disable? No further alerts are sent to it.
                      <button type="button" autoFocus disabled={disable.isPending} onClick={() => disable.mutate({ id: w.id })} className="rounded bg-red-700 px-2 py-0.5 text-xs text-white hover:bg-red-800 disabled:opacity-50">
                        Confirm disable {w.name}
                      </button>
                      <button type="button" onClick={() => setConfirming(null)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <>
                      enabled{' '}
                      <button type="button" onClick={() => setConfirming(w.id)} className="ml-2 rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50">
                        Disable {w.name}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {q.data && q.data.webhooks.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-6 text-center text-slate-500">
                  No webhooks yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <h3 className="font-medium">Delivery log</h3>
        <label className="flex items-center gap-2 text-sm">
          Webhook
          <select value={logOf} onChange={(e) => setLogOf(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
            <option value="">all webhooks</option>
            {q.data?.webhooks.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <p className="text-xs text-slate-500">Each delivery is tried up to 6 times with backoff (5 s, 10 s, 20 s …); then it is a dead letter until redelivered.</p>
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Recent webhook deliveries, newest first</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Queued</th>
              <th scope="col" className="px-3 py-2">Webhook</th>
              <th scope="col" className="px-3 py-2">Event</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Attempts</th>
              <th scope="col" className="px-3 py-2">Response</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.deliveries.map((d) => (
              <tr key={d.id} className="border-t border-slate-100" data-testid="webhook-delivery-row">
                <td className="whitespace-nowrap px-3 py-2">{when(d.createdAt)}</td>
                <td className="px-3 py-2">{nameOf.get(d.webhookId) ?? d.webhookId}</td>
                <td className="px-3 py-2 font-mono text-xs">{d.event}</td>
                <td className="px-3 py-2">
                  <span className={d.status === 'dead' ? 'font-medium text-red-700' : undefined}>{d.status === 'dead' ? 'dead letter' : d.status}</span>
                  {d.deliveredAt ? ` ${when(d.deliveredAt)}` : ''}
                  {d.status === 'pending' && d.attempts > 0 ? ` (next attempt ${when(d.nextAttemptAt)})` : ''}
                  {d.status === 'dead' && (
                    <button type="button" disabled={redeliver.isPending} onClick={() => redeliver.mutate({ deliveryId: d.id })} className="ml-2 rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50">
                      Redeliver
                    </button>
                  )}
                </td>
                <td className="px-3 py-2 tabular-nums">{d.attempts}</td>
                <td className="px-3 py-2">
                  {d.responseStatus !== null ? `HTTP ${d.responseStatus}` : '—'}
                  {d.lastError ? <span className="ml-1 text-red-700">{d.lastError}</span> : null}
                </td>
              </tr>
            ))}
            {q.data && q.data.deliveries.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                  Nothing sent yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
