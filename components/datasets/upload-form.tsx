'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { ProgressBar } from '@/components/ui/progress-bar';
import { useTRPC } from '@/lib/trpc';
import { uploadCsv } from './upload-request';

// Same rule as the server's datasetNameSchema, so the browser catches a bad name before sending.
const NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]*';

/** Uploads a CSV as a new version of a dataset (new or existing), then opens that version. */
export function UploadForm({ knownNames = [], defaultName = '' }: { knownNames?: string[]; defaultName?: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const listId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError('choose a non-empty CSV file');
      return;
    }
    setError(null);
    setProgress(0);
    const res = await uploadCsv({ name: String(f.get('name')).trim(), description: String(f.get('description') ?? '').trim() || undefined, file, onProgress: setProgress });
    setProgress(null);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    // The upload went around tRPC, so cached dataset lists (and the jobs list, which gains a
    // profile job) would otherwise stay stale until they happen to refetch.
    await Promise.all([qc.invalidateQueries({ queryKey: trpc.datasets.pathKey() }), qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() })]);
    router.push(`/datasets/versions/${res.versionId}${res.created ? '' : '?existing=1'}`);
  }

  const busy = progress !== null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Upload dataset" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Upload a CSV</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Dataset name
          <input
            name="name"
            required
            maxLength={100}
            pattern={NAME_PATTERN}
            title="letters, digits, dot, dash and underscore, starting with a letter or digit"
            defaultValue={defaultName}
            list={listId}
            className="rounded border border-slate-300 px-2 py-1"
          />
          <datalist id={listId}>
            {knownNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Description (optional)
          <input name="description" maxLength={2000} className="w-72 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          CSV file
          <input name="file" type="file" required accept=".csv,text/csv" className="text-sm" />
        </label>
        <button type="submit" disabled={busy} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      <p className="text-xs text-slate-500">
        First row is the header; an empty cell is a missing value. A new name creates the dataset; the same bytes again return the existing version.
      </p>
      {busy && <ProgressBar value={progress} label="Upload progress" />}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          Upload refused: {error}
        </p>
      )}
    </form>
  );
}
