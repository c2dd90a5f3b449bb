'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { UploadForm } from './upload-form';
import { useCan } from '@/components/ui/use-permissions';

export function DatasetsScreen() {
  const trpc = useTRPC();
  const list = useQuery(trpc.datasets.list.queryOptions());
  const canWrite = useCan('dataset.write');
  return (
    <div className="flex flex-col gap-6">
      {canWrite && <UploadForm knownNames={list.data?.map((d) => d.name) ?? []} />}
      {list.error && (
        <p role="alert" className="text-red-700">
          {list.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Datasets</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Description</th>
              <th className="px-3 py-2">Versions</th>
              <th className="px-3 py-2">Latest upload</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((d) => (
              <tr key={d.id} className="border-t border-slate-100" data-testid={`dataset-row-${d.name}`}>
                <td className="px-3 py-2">
                  <Link href={`/datasets/${encodeURIComponent(d.name)}`} className="font-medium text-brand-700 hover:underline">
                    {d.name}
                  </Link>
                </td>
                <td className="px-3 py-2 text-slate-600">{d.description}</td>
                <td className="px-3 py-2 tabular-nums">{d.versions}</td>
                <td className="px-3 py-2">{d.latestAt ? new Date(d.latestAt).toLocaleString() : '—'}</td>
              </tr>
            ))}
            {list.data && list.data.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-6 text-center text-slate-500">
                  No datasets yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
