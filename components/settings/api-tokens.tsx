'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { ShownOnceSecret } from '@/components/ui/shown-once-secret';
import { useTRPC } from '@/lib/trpc';
import type { TokenSortKey } from '@/server/services/tokens/list-tokens';

// Prefixed parameters (?tpage=2): Settings holds several tables.
const CONFIG: TableUrlConfig<TokenSortKey> = { sortKeys: ['createdAt', 'name', 'lastUsedAt', 'expiresAt'], defaultSort: 'createdAt', defaultDir: 'desc', defaultPageSize: 25, filterKeys: [], prefix: 't' };

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

/** Personal API tokens (for the `vigil` CLI and scripts). A new token's secret is shown once. */
export function ApiTokens() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { state, update } = useUrlTableState(CONFIG);
  const tokens = useQuery(trpc.tokens.list.queryOptions({ offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir }, { placeholderData: keepPreviousData }));
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

  const columns: DataColumn<TokenRow>[] = [
    { id: 'name', sortDescFirst: false, header: 'Name', cell: ({ row }) => row.original.name },
    { id: 'prefix', enableSorting: false, header: 'Prefix', cell: ({ row }) => <span className="font-mono">vgl_{row.original.prefix}_…</span> },
    { id: 'createdAt', header: 'Created', cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.createdAt)}</span> },
    { id: 'lastUsedAt', header: 'Last used', cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.lastUsedAt)}</span> },
    {
      id: 'expiresAt',
      header: 'Expires',
      cell: ({ row: { original: t } }) => <span className="whitespace-nowrap">{new Date(t.expiresAt) <= new Date() ? `expired ${when(t.expiresAt)}` : when(t.expiresAt)}</span>,
    },
    {
      id: 'status',
      enableSorting: false,
      header: 'Status',
      cell: ({ row: { original: t } }) =>
        t.revokedAt ? (
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
        ),
    },
  ];

  function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ name: String(f.get('name')), expiresInDays: Number(f.get('expiresInDays')) });
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
        <label className="flex flex-col gap-1 text-sm">
          Expires after
          <select name="expiresInDays" defaultValue="90" className="rounded border border-slate-300 px-2 py-1">
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">365 days</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Create token
        </button>
      </form>
      {created && (
        <ShownOnceSecret
          testId="new-token"
          message={<>Token “{created.name}” created. Copy it now: it will not be shown again.</>}
          inputLabel="New API token"
          value={created.token}
          copyLabel="Copy token"
          onDismiss={() => setCreated(null)}
        >
          <p className="text-slate-700">
            Use it with the CLI:{' '}
            <code className="break-all rounded bg-white px-1">
              VIGIL_URL={created.origin} VIGIL_TOKEN={created.token} vigil datasets list
            </code>
          </p>
        </ShownOnceSecret>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <DataTable
        caption="Your API tokens"
        columns={columns}
        {...pageQueryProps(tokens)}
        state={state}
        onChange={update}
        getRowId={(t) => t.id}
        rowTestId={(t) => `token-row-${t.name}`}
        empty="No tokens yet."
      />
    </section>
  );
}
