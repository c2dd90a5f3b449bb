'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyButton } from '@/components/datasets/copy-button';
import { useTRPC } from '@/lib/trpc';

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

/** Personal API tokens (for the `vigil` CLI and scripts). A new token's secret is shown once. */
export function ApiTokens() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string; origin: string } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setCreated({ name: t.name, token: t.token, origin: window.location.origin });
        setFormKey((k) => k + 1);
        return invalidate();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: invalidate }));
  const error = create.error ?? revoke.error ?? tokens.error;

  function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate({ name: String(new FormData(e.currentTarget).get('name')) });
  }

  return (
    <section aria-labelledby="api-tokens-title" className="flex flex-col gap-4">
      <h2 id="api-tokens-title" className="text-lg font-semibold">
        API tokens
      </h2>
      <p className="max-w-2xl text-sm text-slate-600">
        A token acts as you, with your current role, for the <code>vigil</code> command-line tool and scripts. Revoke a token you no longer use.
      </p>
      <form key={formKey} onSubmit={onCreate} aria-label="Create API token" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Token name
          <input name="name" required maxLength={100} placeholder="e.g. laptop CLI" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Create token
        </button>
      </form>
      {created && (
        <div className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="new-token">
          <p role="status" className="font-medium text-amber-900">
            Token “{created.name}” created. Copy it now: it will not be shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-2">
              New API token
              <input readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} className="w-[36rem] max-w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono" />
            </label>
            <CopyButton text={created.token} label="Copy token" />
          </div>
          <p className="text-slate-700">
            Use it with the CLI:{' '}
            <code className="break-all rounded bg-white px-1">
              VIGIL_URL={created.origin} VIGIL_TOKEN={created.token} vigil datasets list
            </code>
          </p>
          <div>
            <button type="button" onClick={() => setCreated(null)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
              I have copied it
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your API tokens</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Prefix</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Last used</th>
              <th className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((t) => (
              <tr key={t.id} className="border-t border-slate-100" data-testid={`token-row-${t.name}`}>
                <td className="px-3 py-2">{t.name}</td>
                <td className="px-3 py-2 font-mono">vgl_{t.prefix}_…</td>
                <td className="whitespace-nowrap px-3 py-2">{when(t.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">{when(t.lastUsedAt)}</td>
                <td className="px-3 py-2">
                  {t.revokedAt ? (
                    `revoked ${when(t.revokedAt)}`
                  ) : (
                    <>
                      active{' '}
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ id: t.id })}
                        className="ml-2 rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 disabled:opacity-50"
                      >
                        Revoke {t.name}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {tokens.data && tokens.data.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                  No tokens yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
