'use client';
// The serving part of a version page: which aliases hold this version, and a promote form for it.
import { useQuery } from '@tanstack/react-query';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { fmtShare } from './format';
import { PromoteForm } from './promote-form';

export function VersionServingActions({ model, version }: { model: string; version: number }) {
  const trpc = useTRPC();
  const canMove = useCan('alias.move');
  const aliases = useQuery(trpc.aliases.list.queryOptions({ model }));
  const held = (aliases.data ?? []).filter((a) => a.version === version);
  return (
    <section aria-labelledby="v-serving" className="flex flex-col gap-2">
      <h2 id="v-serving" className="text-lg font-semibold">
        Serving
      </h2>
      <p className="text-sm" data-testid="version-aliases">
        {held.length === 0 ? 'No alias points to this version.' : `Holds: ${held.map((a) => (a.alias === 'canary' ? `canary (${fmtShare(a.share)})` : a.alias)).join(', ')}.`}
      </p>
      {canMove && <PromoteForm model={model} version={version} />}
    </section>
  );
}
