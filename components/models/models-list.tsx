'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { UploadOnnxForm } from './upload-onnx-form';

export function ModelsList() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery(trpc.models.list.queryOptions());
  return (
    <div className="flex flex-col gap-4">
      {list.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {list.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Models</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Versions</th>
              <th scope="col" className="px-3 py-2">Latest</th>
              <th scope="col" className="px-3 py-2">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.map((m) => (
              <tr key={m.id} className="border-t border-slate-100" data-testid="model-row">
                <td className="px-3 py-2">
                  <Link href={`/models/${encodeURIComponent(m.name)}`} className="font-medium text-brand-700 hover:underline">
                    {m.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{m.versions}</td>
                <td className="px-3 py-2">
                  {m.latestVersion ? (
                    <Link href={`/models/${encodeURIComponent(m.name)}/versions/${m.latestVersion}`} className="text-brand-700 hover:underline">
                      v{m.latestVersion}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="px-3 py-2">{new Date(m.createdAt).toLocaleString()}</td>
              </tr>
            ))}
            {list.data?.length === 0 && (
              <tr>
                <td colSpan={4} className="px-3 py-6 text-center text-slate-500">
                  No models yet. Register a succeeded run, or upload an ONNX file.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {me.data?.permissions.includes('model.write') && (
        <section aria-labelledby="upload-new" className="flex flex-col gap-2">
          <h2 id="upload-new" className="text-lg font-semibold">
            Upload an ONNX model
          </h2>
          <UploadOnnxForm />
        </section>
      )}
    </div>
  );
}
