// On a run started by "Reproduce": whether its artifact is byte-identical to the original's.
import Link from 'next/link';
import type { RunDetail } from './run-types';

export function ReproductionCheck({ detail }: { detail: RunDetail }) {
  const from = detail.reproducedFrom;
  if (!from) return null;
  const mine = detail.run.artifactSha256;
  const theirs = from.artifactSha256;
  const verdict = !mine || !theirs ? null : mine === theirs;
  return (
    <p className={`rounded px-3 py-2 text-sm ${verdict === null ? 'bg-slate-100' : verdict ? 'bg-green-50 text-green-900' : 'bg-red-50 text-red-900'}`} data-testid="reproduction-check">
      reproduction of{' '}
      <Link href={`/runs/${from.id}`} className="underline">
        {from.name}
      </Link>
      :{' '}
      {verdict === null
        ? `waiting for ${!mine ? 'this run' : 'the original run'} to produce an artifact`
        : verdict
          ? 'artifact hash matches ✓'
          : `artifact hash differs ✗ (${mine!.slice(0, 12)} vs ${theirs!.slice(0, 12)})`}
    </p>
  );
}
