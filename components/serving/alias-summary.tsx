'use client';
// Where production, canary and shadow point now, with Clear (canary, shadow) and Roll back (production).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { fmtShare, previousProduction } from './format';
import { RollbackButton } from './rollback-dialog';

export const SERVING_ALIASES = ['production', 'canary', 'shadow'] as const;

export function AliasSummary({ model }: { model: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canMove = useCan('alias.move');
  const canRollback = useCan('alias.rollback');
  const aliases = useQuery({ ...trpc.aliases.list.queryOptions({ model }), refetchInterval: 5000 });
  const history = useQuery({ ...trpc.aliases.history.queryOptions({ model }), refetchInterval: 5000 });
  const clear = useMutation(trpc.aliases.move.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() }) }));

  const byName = new Map((aliases.data ?? []).map((a) => [a.alias, a]));
  const production = byName.get('production')?.version ?? null;
  const previous = previousProduction(history.data ?? [], production);
  const others = (aliases.data ?? []).filter((a) => !(SERVING_ALIASES as readonly string[]).includes(a.alias) && a.version !== null);
  const error = aliases.error ?? clear.error;

  return (
    <div className="flex flex-col gap-2">
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {clear.error?.data?.code === 'CONFLICT' ? 'The alias changed meanwhile; reload.' : error.message}
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
                {name === 'production' && canRollback && <RollbackButton model={model} production={v} previous={previous} />}
                {name !== 'production' && canMove && v !== null && (
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
