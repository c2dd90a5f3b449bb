'use client';
// Move an alias directly. Protected aliases (the model's policy: production and canary by
// default) move only through an approved promotion request: for them the form explains that and
// links to the request form, and Promote stays disabled — except for an admin, who may break
// glass with a written reason (a critical alert fires). Production's first release (no version
// yet) is direct. The move names the version the alias holds now, so a change someone else made
// since this page loaded is refused (CONFLICT).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { parsePercent } from './format';
import { SERVING_ALIASES } from './alias-summary';

type ServingAlias = (typeof SERVING_ALIASES)[number];

const BREAK_GLASS_MIN_REASON = 10;

/** `version` fixes the version (the version page); otherwise the form offers every version. */
export function PromoteForm({ model, version }: { model: string; version?: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const hint = useId();
  const canBreakGlass = useCan('alias.break_glass');
  const versions = useQuery({ ...trpc.models.get.queryOptions({ name: model }), enabled: version === undefined });
  const aliases = useQuery(trpc.aliases.list.queryOptions({ model }));
  const policy = useQuery(trpc.evaluations.policy.queryOptions({ model }));
  const [alias, setAlias] = useState<ServingAlias>('shadow');
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [shareError, setShareError] = useState<string | null>(null);
  const [breakGlass, setBreakGlass] = useState(false);
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<number | null>(null);
  const move = useMutation(
    trpc.aliases.move.mutationOptions({
      onSuccess: (_m, input) => {
        setDone(`${input.alias} now points to v${input.version}${input.breakGlass ? ' (break-glass: a critical alert fired)' : ''}.`);
        setFormKey((k) => k + 1);
        setBreakGlass(false);
        setReason('');
        return Promise.all([qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() })]);
      },
    }),
  );

  const production = aliases.data?.find((a) => a.alias === 'production')?.version ?? null;
  const protectedSet = new Set(policy.data?.protectedAliases ?? ['production', 'canary']);
  const firstRelease = alias === 'production' && aliases.data !== undefined && production === null;
  const isProtected = protectedSet.has(alias) && !firstRelease;
  const chosen = version ?? picked ?? versions.data?.versions[0]?.version ?? null;
  const blocked = isProtected && (!canBreakGlass || !breakGlass || reason.trim().length < BREAK_GLASS_MIN_REASON);

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    if (blocked) return;
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
    move.mutate({ model, alias, version: target, share, reason: reason.trim() || undefined, expectedVersion: current, breakGlass: isProtected ? true : undefined });
  }

  const conflict = move.error?.data?.code === 'CONFLICT';
  return (
    <form key={formKey} onSubmit={submit} aria-label="Promote a version" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
      {version === undefined && (
        <label className="flex flex-col gap-1 text-sm">
          Version
          <select name="version" required onChange={(e) => setPicked(Number(e.target.value))} className="rounded border border-slate-300 px-2 py-1">
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
              {protectedSet.has(a) ? ' (protected)' : ''}
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
        Reason{isProtected && canBreakGlass ? ` (break-glass: at least ${BREAK_GLASS_MIN_REASON} characters)` : ''}
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder="why this version" className="rounded border border-slate-300 px-2 py-1" />
      </label>
      {isProtected && canBreakGlass && (
        <label className="flex items-center gap-2 text-sm text-red-800">
          <input type="checkbox" checked={breakGlass} onChange={(e) => setBreakGlass(e.target.checked)} />
          Break glass (emergency)
        </label>
      )}
      <button
        type="submit"
        disabled={move.isPending || blocked}
        aria-describedby={isProtected ? hint : undefined}
        className={`rounded px-3 py-1.5 text-sm text-white disabled:cursor-not-allowed disabled:opacity-50 ${isProtected && canBreakGlass ? 'bg-red-700 hover:bg-red-800' : 'bg-brand-600 hover:bg-brand-700'}`}
      >
        {isProtected && canBreakGlass ? `Break glass: move ${alias}` : 'Promote'}
      </button>
      {isProtected && (
        <p id={hint} className="w-full rounded bg-amber-50 px-3 py-2 text-sm break-words text-amber-900" data-testid="protected-alias-note">
          {alias} is protected for {model}: it moves only through an approved promotion request.{' '}
          <Link href={`/promotions?model=${encodeURIComponent(model)}${chosen !== null ? `&version=${chosen}` : ''}`} className="font-medium text-brand-700 underline">
            Request a promotion
          </Link>{' '}
          (or <code>vigil request-promotion {model} --version {chosen ?? 'N'} --note &quot;why&quot;</code>); an approver decides.
          {canBreakGlass
            ? ' As an admin you may break glass in an emergency: tick the box and write why; a critical alert fires and the move is marked in the alias history and audit log.'
            : ' In an emergency an admin can break glass; to undo a bad release, use Roll back.'}
        </p>
      )}
      {(shareError || move.error) && (
        <p role="alert" className="w-full rounded bg-red-50 px-3 py-2 text-sm break-words text-red-700">
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
