'use client';
// Promote a version to production, canary (at a share) or shadow. The move names the version the
// alias holds now, so a change someone else made since this page loaded is refused (CONFLICT).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { parsePercent } from './format';
import { SERVING_ALIASES } from './alias-summary';

type ServingAlias = (typeof SERVING_ALIASES)[number];

/** `version` fixes the version (the version page); otherwise the form offers every version. */
export function PromoteForm({ model, version }: { model: string; version?: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const versions = useQuery({ ...trpc.models.get.queryOptions({ name: model }), enabled: version === undefined });
  const aliases = useQuery(trpc.aliases.list.queryOptions({ model }));
  const [alias, setAlias] = useState<ServingAlias>('production');
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [shareError, setShareError] = useState<string | null>(null);
  const move = useMutation(
    trpc.aliases.move.mutationOptions({
      onSuccess: (_m, input) => {
        setDone(`${input.alias} now points to v${input.version}.`);
        setFormKey((k) => k + 1);
        return Promise.all([qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() })]);
      },
    }),
  );

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    const f = new FormData(e.currentTarget);
    const target = version ?? Number(f.get('version'));
    let share: number | undefined;
    if (alias === 'canary') {
      const s = parsePercent(String(f.get('share') ?? ''));
      if (s === null) {
        setShareError('Enter a share between 0 and 100%.');
        return;
      }
      share = s;
    }
    setShareError(null);
    const current = aliases.data?.find((a) => a.alias === alias)?.version ?? null;
    const reason = String(f.get('reason') ?? '').trim();
    move.mutate({ model, alias, version: target, share, reason: reason || undefined, expectedVersion: current });
  }

  const conflict = move.error?.data?.code === 'CONFLICT';
  return (
    <form key={formKey} onSubmit={submit} aria-label="Promote a version" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
      {version === undefined && (
        <label className="flex flex-col gap-1 text-sm">
          Version
          <select name="version" required className="rounded border border-slate-300 px-2 py-1">
            {versions.data?.versions.map((v) => (
              <option key={v.id} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex flex-col gap-1 text-sm">
        Alias
        <select name="alias" value={alias} onChange={(e) => setAlias(e.target.value as ServingAlias)} className="rounded border border-slate-300 px-2 py-1">
          {SERVING_ALIASES.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      {alias === 'canary' && (
        <label className="flex flex-col gap-1 text-sm">
          Canary share (%)
          <input name="share" type="number" min={0} max={100} step="any" required defaultValue={10} aria-invalid={!!shareError} className="w-28 rounded border border-slate-300 px-2 py-1" />
        </label>
      )}
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
        Reason
        <input name="reason" maxLength={2000} placeholder="why this version" className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={move.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
        Promote
      </button>
      {(shareError || move.error) && (
        <p role="alert" className="w-full rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {shareError ?? (conflict ? `${alias} changed meanwhile; reload and try again.` : move.error?.message)}
        </p>
      )}
      {done && (
        <p role="status" className="w-full text-sm text-green-800">
          {done}
        </p>
      )}
    </form>
  );
}
