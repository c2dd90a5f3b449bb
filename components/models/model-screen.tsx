'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { ModelServingPanel } from '../serving/model-serving-panel';
import { fmtMetric } from '../runs/format';
import { UploadOnnxForm } from './upload-onnx-form';
import { versionMetrics } from './version-metrics';
import { metricValue, TASK_HEADLINE } from '../runs/task-metrics';

export function ModelScreen({ name }: { name: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const q = useQuery(trpc.models.get.queryOptions({ name }));
  const canWrite = me.data?.permissions.includes('model.write');
  if (q.error) {
    return (
      <div className="flex flex-col gap-4">
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
        {canWrite && <UploadOnnxForm model={name} />}
      </div>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { model, versions } = q.data;
  return (
    <div className="flex flex-col gap-6">
      {model.description && <p className="text-slate-600">{model.description}</p>}
      {versions[0] && versions[0].task !== 'binary' && (
        <p className="text-sm text-slate-700" data-testid="model-task">
          A {versions[0].task} model{versions[0].classes ? ` over ${versions[0].classes.length} classes: ${versions[0].classes.join(', ')}` : ''}.
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Versions of {model.name}</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Version</th>
              <th scope="col" className="px-3 py-2">Source</th>
              <th scope="col" className="px-3 py-2">Created</th>
              <th scope="col" className="px-3 py-2">Validation AUC</th>
              <th scope="col" className="px-3 py-2">Tags</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} className="border-t border-slate-100" data-testid="version-row">
                <td className="px-3 py-2">
                  <Link href={`/models/${encodeURIComponent(model.name)}/versions/${v.version}`} className="font-medium text-brand-700 hover:underline">
                    v{v.version}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  {v.source === 'run' && v.runId ? (
                    <Link href={`/runs/${v.runId}`} className="text-brand-700 hover:underline">
                      run {v.runId.slice(0, 8)}
                    </Link>
                  ) : (
                    'upload'
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2">{new Date(v.createdAt).toLocaleString()}</td>
                <td className="px-3 py-2 tabular-nums">
                  {/* No AUC for multiclass / regression: their headline metric, named. */}
                  {v.task === 'binary' ? fmtMetric(versionMetrics(v.metrics)?.validation?.auc) : `${TASK_HEADLINE[v.task]} ${fmtMetric(metricValue(versionMetrics(v.metrics)?.validation, TASK_HEADLINE[v.task]))}`}
                </td>
                <td className="px-3 py-2">
                  {v.tags.map((t) => (
                    <span key={t} className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                      {t}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ModelServingPanel model={model.name} />
      {canWrite && (
        <section aria-labelledby="upload-version" className="flex flex-col gap-2">
          <h2 id="upload-version" className="text-lg font-semibold">
            Upload a new version
          </h2>
          <UploadOnnxForm model={model.name} />
        </section>
      )}
    </div>
  );
}
