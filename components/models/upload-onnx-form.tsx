'use client';
// Uploads an ONNX file built elsewhere as the next version of a model. The body is the file
// itself (streamed to the REST route), not a form encoding; errors come back as { error }.
import { useRouter } from 'next/navigation';
import { useState } from 'react';

const control = 'rounded border border-slate-300 px-2 py-1';

export function UploadOnnxForm({ model }: { model?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    const name = model ?? String(f.get('model') ?? '').trim();
    if (!(file instanceof File) || file.size === 0) return setError('choose an .onnx file');
    if (!name) return setError('model name is required');
    const qs = new URLSearchParams({ filename: file.name });
    const tags = String(f.get('tags') ?? '').trim();
    if (tags) qs.set('tags', tags);
    // Input mapping for a model taking one tensor [N, d]: its raw columns in tensor order.
    const columns = String(f.get('columns') ?? '').trim();
    const task = String(f.get('task') ?? 'binary');
    const classes = String(f.get('classes') ?? '').trim();
    if (columns) qs.set('columns', columns);
    // The task and classes travel with the column mapping (a graph with Vigil's metadata says its own).
    if (!columns && (task !== 'binary' || classes)) return setError('the task and classes apply to a mapped upload: give its input columns too');
    if (columns && task !== 'binary') qs.set('task', task);
    if (columns && classes) qs.set('classes', classes);
    const datasetVersionId = String(f.get('datasetVersionId') ?? '').trim();
    if (datasetVersionId) qs.set('datasetVersionId', datasetVersionId);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/models/${encodeURIComponent(name)}/versions?${qs.toString()}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
      const body = (await res.json().catch(() => null)) as { model?: { name: string }; version?: { version: number }; error?: { message: string } } | null;
      if (res.status === 201 && body?.model && body.version) {
        router.push(`/models/${encodeURIComponent(body.model.name)}/versions/${body.version.version}`);
        return;
      }
      setError(body?.error?.message ?? `upload failed (HTTP ${res.status})`);
    } catch (err) {
      setError(`upload failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Upload ONNX" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
      {!model && (
        <label className="flex flex-col gap-1 text-sm">
          Model name
          <input name="model" required className={control} />
        </label>
      )}
      <label className="flex flex-col gap-1 text-sm">
        ONNX file
        <input name="file" type="file" accept=".onnx,application/octet-stream" required className="text-sm" />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Tags (comma-separated)
        <input name="tags" className={control} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Input columns, in tensor order (one-tensor models)
        <input name="columns" placeholder="age,income,tenure" className={control} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Task
        <select name="task" defaultValue="binary" className={control}>
          <option value="binary">binary</option>
          <option value="multiclass">multiclass</option>
          <option value="regression">regression</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Classes, in output column order (multiclass without ZipMap)
        <input name="classes" placeholder="low,mid,high" className={control} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Reference dataset version id (optional)
        <input name="datasetVersionId" className={control} />
      </label>
      <button type="submit" disabled={busy} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
        {busy ? 'Uploading…' : 'Upload ONNX'}
      </button>
      {error && (
        <p role="alert" className="w-full rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
