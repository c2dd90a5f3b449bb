'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { CopyButton } from '@/components/ui/copy-button';
import { formatBytes, shortSha } from './format';
import { ProfileStatusBadge } from './profile-status';
import { UploadForm } from './upload-form';
import { useCan } from '@/components/ui/use-permissions';

/** One dataset: its versions, newest first, and an upload form for the next one. */
export function DatasetScreen({ name }: { name: string }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.datasets.get.queryOptions(
      { name },
      // Keep the profile column current while any version is still being profiled.
      { refetchInterval: (query) => (query.state.data?.versions.some((v) => v.profileStatus === 'pending') ? 1000 : false) },
    ),
  );
  const canWrite = useCan('dataset.write');
  if (q.error) {
    return (
      <p role="alert" className="text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { dataset, versions } = q.data;
  return (
    <div className="flex flex-col gap-6">
      {dataset.description && <p className="text-slate-700">{dataset.description}</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Versions of {dataset.name}</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th className="px-3 py-2">Version (SHA-256)</th>
              <th className="px-3 py-2">File</th>
              <th className="px-3 py-2">Rows</th>
              <th className="px-3 py-2">Columns</th>
              <th className="px-3 py-2">Size</th>
              <th className="px-3 py-2">Profile</th>
              <th className="px-3 py-2">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} className="border-t border-slate-100" data-testid="version-row">
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/datasets/versions/${v.id}`} className="font-mono text-brand-700 hover:underline" title={v.sha256}>
                    {shortSha(v.sha256)}…
                  </Link>{' '}
                  <CopyButton text={v.sha256} label={`Copy full SHA-256 of ${shortSha(v.sha256)}`} />
                </td>
                <td className="px-3 py-2">{v.filename ?? '—'}</td>
                <td className="px-3 py-2 tabular-nums">{v.rowCount}</td>
                <td className="px-3 py-2 tabular-nums">{v.columns}</td>
                <td className="px-3 py-2 tabular-nums">{formatBytes(v.byteSize)}</td>
                <td className="px-3 py-2">
                  <ProfileStatusBadge status={v.profileStatus} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">{new Date(v.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite && <UploadForm defaultName={dataset.name} />}
    </div>
  );
}
