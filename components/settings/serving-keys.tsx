'use client';
// Serving keys: what prediction clients send as `Authorization: Bearer <key>` to the serving
// process. Scoped to models (or all), shown once, revocable (serving drops a revoked key at once).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { TextFilter } from '@/components/table/text-filter';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { ShownOnceSecret } from '@/components/ui/shown-once-secret';
import { useTRPC } from '@/lib/trpc';
import type { ServingKeySortKey } from '@/server/services/serving-keys/list-serving-keys';

// Prefixed parameters (?kpage=2&kq=checkout): Settings holds several tables.
const CONFIG: TableUrlConfig<ServingKeySortKey> = { sortKeys: ['createdAt', 'name', 'lastUsedAt'], defaultSort: 'createdAt', defaultDir: 'desc', defaultPageSize: 25, filterKeys: ['kq'], prefix: 'k' };

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  allModels: boolean;
  models: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

export function ServingKeys() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { state, update } = useUrlTableState(CONFIG);
  const keys = useQuery(
    trpc.servingKeys.list.queryOptions({ offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, q: state.filters.kq || undefined }, { placeholderData: keepPreviousData }),
  );
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.servingKeys.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [allModels, setAllModels] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  // Controlled, so names picked before a new search stay picked when the options change.
  const [picked, setPicked] = useState<string[]>([]);
  const models = useNameChoices('models', picked);
  const create = useMutation(
    trpc.servingKeys.create.mutationOptions({
      onSuccess: (k) => {
        setCreated({ name: k.name, key: k.key });
        setFormKey((n) => n + 1);
        setAllModels(false);
        setPicked([]);
        return invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.servingKeys.revoke.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        return invalidate();
      },
    }),
  );
  const error = create.error ?? revoke.error ?? keys.error;

  const columns: DataColumn<KeyRow>[] = [
    { id: 'name', sortDescFirst: false, header: 'Name', cell: ({ row }) => row.original.name },
    { id: 'prefix', enableSorting: false, header: 'Prefix', cell: ({ row }) => <span className="font-mono">vsk_{row.original.prefix}_…</span> },
    { id: 'scope', enableSorting: false, header: 'Scope', cell: ({ row: { original: k } }) => (k.allModels ? 'all models' : k.models.join(', ') || '—') },
    { id: 'createdAt', header: 'Created', cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.createdAt)}</span> },
    { id: 'lastUsedAt', header: 'Last used', cell: ({ row }) => <span className="whitespace-nowrap">{when(row.original.lastUsedAt)}</span> },
    {
      id: 'status',
      enableSorting: false,
      header: 'Status',
      cell: ({ row: { original: k } }) =>
        k.revokedAt ? (
          `revoked ${when(k.revokedAt)}`
        ) : confirming === k.id ? (
          <span className="flex flex-wrap items-center gap-2">
            Revoke? Clients using it stop at once.
            <button type="button" autoFocus disabled={revoke.isPending} onClick={() => revoke.mutate({ id: k.id })} className="rounded bg-red-700 px-2 py-0.5 text-xs text-white hover:bg-red-800 disabled:opacity-50">
              Confirm revoke {k.name}
            </button>
            <button type="button" onClick={() => setConfirming(null)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
              Cancel
            </button>
          </span>
        ) : (
          <>
            active{' '}
            <button type="button" onClick={() => setConfirming(k.id)} className="ml-2 rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50">
              Revoke {k.name}
            </button>
          </>
        ),
    },
  ];

  function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ name: String(f.get('name')), allModels, models: allModels ? [] : picked });
  }

  return (
    <section aria-labelledby="serving-keys-title" className="flex flex-col gap-4">
      <h2 id="serving-keys-title" className="text-lg font-semibold">
        Serving keys
      </h2>
      <p className="max-w-2xl text-sm text-slate-600">
        Prediction clients send a serving key as <code>Authorization: Bearer &lt;key&gt;</code> to <code>/v1/models/&lt;name&gt;/predict</code> on the serving process. A key may call the models it names, or all models.
      </p>
      <form key={formKey} onSubmit={onCreate} aria-label="Create serving key" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Key name
          <input name="name" required maxLength={100} placeholder="e.g. checkout service" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex items-center gap-2 self-center text-sm">
          <input type="checkbox" checked={allModels} onChange={(e) => setAllModels(e.target.checked)} />
          All models
        </label>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="serving-key-models">Models</label>
          <ChoiceSearch choices={models} />
          <select
            id="serving-key-models"
            name="models"
            multiple
            disabled={allModels}
            required={!allModels}
            value={picked}
            onChange={(e) => setPicked([...e.currentTarget.selectedOptions].map((o) => o.value))}
            size={Math.min(5, Math.max(2, models.names.length))}
            className="min-w-48 rounded border border-slate-300 px-2 py-1 disabled:opacity-50"
          >
            {models.names.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Create serving key
        </button>
      </form>
      {created && (
        <ShownOnceSecret
          testId="new-serving-key"
          message={<>Serving key “{created.name}” created. Copy it now: it will not be shown again.</>}
          inputLabel="New serving key"
          value={created.key}
          copyLabel="Copy serving key"
          onDismiss={() => setCreated(null)}
        />
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <TextFilter label="Key name contains" value={state.filters.kq ?? ''} onChange={(kq) => update({ filters: { kq } })} />
      <DataTable
        caption="Serving keys"
        columns={columns}
        {...pageQueryProps(keys)}
        state={state}
        onChange={update}
        getRowId={(k) => k.id}
        rowTestId={(k) => `serving-key-row-${k.name}`}
        empty={state.filters.kq ? 'No serving key matches this filter.' : 'No serving keys yet.'}
      />
    </section>
  );
}
