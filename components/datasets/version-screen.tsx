'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useTRPC } from '@/lib/trpc';
import type { ColumnProfile } from '@/server/ml/data/profile';
import { ColumnProfileCard } from './column-profile';
import { CopyButton } from '@/components/ui/copy-button';
import { formatBytes, shortSha } from './format';
import { ProfileStatusBadge } from './profile-status';
import { SchemaTable } from './schema-table';
import { useCan } from '@/components/ui/use-permissions';

/** One dataset version: identity, download, schema and (once the worker has run) its profile. */
export function VersionScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  // Poll while the profile job has not finished; stop once it is ready or failed.
  const q = useQuery(trpc.datasets.version.queryOptions({ id }, { refetchInterval: (query) => (query.state.data?.version.profileStatus === 'pending' ? 1000 : false) }));
  const pending = q.data?.version.profileStatus === 'pending';
  const jobs = useQuery(trpc.jobs.list.queryOptions({ targetType: 'dataset_version', targetId: id, limit: 5 }, { refetchInterval: pending ? 1000 : false }));
  const canTrain = useCan('training.run');
  if (q.error) {
    return (
      <p role="alert" className="text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { version, dataset } = q.data;
  const profile = version.profile as ColumnProfile[] | null;
  const profileJob = jobs.data?.rows[0];

  return (
    <div className="flex flex-col gap-6">
      {params.get('existing') === '1' && (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          These bytes were already uploaded as version <span className="font-mono">{shortSha(version.sha256)}…</span> of {dataset.name}; nothing new was stored.
        </p>
      )}
      <section aria-labelledby="version-title" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
        <h2 id="version-title" className="text-lg font-semibold">
          <Link href={`/datasets/${encodeURIComponent(dataset.name)}`} className="text-brand-700 hover:underline">
            {dataset.name}
          </Link>{' '}
          <span className="font-mono text-base text-slate-600">@{shortSha(version.sha256)}</span>
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">SHA-256</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <span className="break-all font-mono" data-testid="version-sha256">
              {version.sha256}
            </span>
            <CopyButton text={version.sha256} label="Copy SHA-256" />
          </dd>
          <dt className="text-slate-500">File</dt>
          <dd>{version.filename ?? '—'}</dd>
          <dt className="text-slate-500">Rows</dt>
          <dd className="tabular-nums">{version.rowCount}</dd>
          <dt className="text-slate-500">Columns</dt>
          <dd className="tabular-nums">{version.schema.length}</dd>
          <dt className="text-slate-500">Size</dt>
          <dd className="tabular-nums">{formatBytes(version.byteSize)}</dd>
          <dt className="text-slate-500">Uploaded</dt>
          <dd>{new Date(version.createdAt).toLocaleString()}</dd>
          <dt className="text-slate-500">Profile</dt>
          <dd className="flex items-center gap-2">
            <ProfileStatusBadge status={version.profileStatus} />
            {profileJob && (
              <Link href={`/jobs/${profileJob.id}`} className="text-brand-700 hover:underline">
                profile job ({profileJob.status})
              </Link>
            )}
          </dd>
        </dl>
        <div className="flex flex-wrap gap-3">
          <a href={`/api/datasets/versions/${version.id}/download`} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100" download>
            Download CSV
          </a>
          {canTrain && (
            <Link href={`/experiments/new?datasetVersionId=${version.id}`} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
              New training run
            </Link>
          )}
        </div>
      </section>

      <section aria-labelledby="schema-title" className="flex flex-col gap-2">
        <h2 id="schema-title" className="text-lg font-semibold">
          Schema
        </h2>
        <SchemaTable schema={version.schema} />
      </section>

      <section aria-labelledby="profile-title" className="flex flex-col gap-3">
        <h2 id="profile-title" className="text-lg font-semibold">
          Profile
        </h2>
        {version.profileStatus === 'pending' && (
          <p role="status" className="text-slate-600">
            profiling… (a worker computes the column profiles; this page updates when it is done)
          </p>
        )}
        {version.profileStatus === 'failed' && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
            Profiling failed: {version.profileError ?? 'no reason recorded'}
          </p>
        )}
        {version.profileStatus === 'ready' && profile && (
          <div className="grid gap-4 lg:grid-cols-2">
            {profile.map((p, i) => (
              <ColumnProfileCard key={p.name + i} profile={p} index={i} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
