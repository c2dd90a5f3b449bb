// Where a job's target lives in the console. Pure, so it is unit-tested.

export function jobTargetLink(targetType: string | null, targetId: string | null): { href: string; label: string } | null {
  if (!targetType || !targetId) return null;
  const id = encodeURIComponent(targetId);
  switch (targetType) {
    case 'run':
      return { href: `/runs/${id}`, label: `run ${targetId.slice(0, 8)}` };
    case 'dataset_version':
      return { href: `/datasets/versions/${id}`, label: `dataset version ${targetId.slice(0, 8)}` };
    default:
      return null;
  }
}

/** Statuses whose job may still change, so screens keep polling while any job is in one. */
export const LIVE_STATUSES: readonly string[] = ['queued', 'running'];

export function isLive(status: string): boolean {
  return LIVE_STATUSES.includes(status);
}

/** Parses `?status=a,b` against the known statuses; unknown words are dropped. */
export function parseStatusFilter<S extends string>(param: string | null, known: readonly S[]): S[] {
  if (!param) return [];
  const words = param.split(',').map((w) => w.trim());
  return known.filter((s) => words.includes(s));
}
