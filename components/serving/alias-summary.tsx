'use client';
// Where production, canary and shadow point now, with Roll back (production), Abort canary (a
// rollback: on-call's one click, never needs approval) and Clear for an unprotected alias.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { fmtShare } from './format';
import { RollbackButton } from './rollback-dialog';

export const SERVING_ALIASES = ['production', 'canary', 'shadow'] as const;

export function AliasSummary({ model }: { model: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canMove = useCan('alias.move');
  const canRollback = useCan('alias.rollback');
  const aliases = useQuery({ ...trpc.aliases.list.queryOptions({ model }), refetchInterval: 5000 });
  const policy = useQuery(trpc.evaluations.policy.queryOptions({ model }));
  const clear = useMutation(trpc.aliases.move.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() }) }));
  const abort = useMutation(trpc.promotions.abortCanary.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() }) }));

  const byName = new Map((aliases.data ?? []).map((a) => [a.alias, a]));
  const protectedAliases = new Set(policy.data?.protectedAliases ?? ['production', 'canary']);
  const others = (aliases.data ?? []).filter((a) => !(SERVING_ALIASES as readonly string[]).includes(a.alias) && a.version !== null);
  const error = aliases.error ?? clear.error ?? abort.error;

  return (
    <div className="flex flex-col gap-2">
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {(clear.error ?? abort.error)?.data?.code === 'CONFLICT' ? 'The alias changed meanwhile; reload.' : error.message}
        </p>
      )}
      <dl className="grid grid-cols-1 gap-3 md:grid-cols-3" data-testid="alias-summary">
        {SERVING_ALIASES.map((name) => {
          const a = byName.get(name);
          const v = a?.version ?? null;
          return (
            <div key={name} className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3" data-testid={`alias-${name}`}>
              <dt className="text-xs font-medium uppercase text-slate-500">{name}</dt>
              <dd className="flex flex-wrap items-center gap-2 text-sm">
                {v !== null ? (
                  <Link href={`/models/${encodeURIComponent(model)}/versions/${v}`} className="font-medium text-brand-700 hover:underline">
                    v{v}
                  </Link>
                ) : (
                  <span className="text-slate-500">not set</span>
                )}
                {name === 'canary' && v !== null && <span>answers {fmtShare(a?.share)} of requests</span>}
                {name === 'shadow' && v !== null && <span className="text-slate-600">scores copies, never answers</span>}
              </dd>
              <dd className="flex flex-wrap items-center gap-2">
                {name === 'production' && canRollback && <RollbackButton model={model} />}
                {name === 'canary' && canRollback && v !== null && (
                  <button
                    type="button"
                    disabled={abort.isPending}
                    onClick={() => abort.mutate({ model, reason: 'canary aborted from the model page' })}
                    className="rounded border border-red-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50"
                  >
                    Abort canary
                  </button>
                )}
                {name !== 'production' && name !== 'canary' && canMove && v !== null && !protectedAliases.has(name) && (
                  <button
                    type="button"
                    disabled={clear.isPending}
                    onClick={() => clear.mutate({ model, alias: name, version: null, expectedVersion: v, reason: `clear ${name}` })}
                    className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
                  >
                    Clear {name}
                  </button>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {others.length > 0 && (
        <p className="text-sm text-slate-600">
          Other aliases: {others.map((a) => `${a.alias} → v${a.version}`).join(', ')}
        </p>
      )}
    </div>
  );
}
