'use client';
// /models/<name>/versions/<v>: what the artifact is (sha256, signature), how it scored, its tags
// and card, and where it came from (lineage).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { VersionServingActions } from '../serving/version-serving-actions';
import { LineageView } from '../lineage/lineage-view';
import { fmtMetric } from '../runs/format';
import { FeatureImportance } from './feature-importance';
import { GainImportance } from './gain-importance';
import { SignatureTables } from './signature-tables';
import { VersionEditForm } from './version-edit-form';
import { VersionEvaluation } from './version-evaluation';
import { versionMetrics } from './version-metrics';
import { metricValue, TASK_METRIC_ROWS } from '../runs/task-metrics';

const METRICS = ['auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1', 'positive_rate', 'n'] as const;

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function VersionScreen({ name, version }: { name: string; version: number }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const q = useQuery(trpc.models.version.queryOptions({ name, version }));
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { model, version: v } = q.data;
  const m = versionMetrics(v.metrics);
  // The task's metric rows; a multiclass version adds its classes' one-vs-rest AUC.
  const rows: readonly string[] = v.task === 'binary' ? METRICS : TASK_METRIC_ROWS[v.task];
  const classAuc = (x: object | null, c: string) => ((x as { auc_ovr?: Record<string, number | null> } | null)?.auc_ovr?.[c] ?? null);
  const base = `/models/${encodeURIComponent(model.name)}`;

  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm">
        <Link href={base} className="text-brand-700 hover:underline">
          ← all versions of {model.name}
        </Link>
      </p>
      <dl className="grid grid-cols-1 gap-4 rounded border border-slate-200 bg-white p-4 md:grid-cols-2">
        <div>
          <dt className="text-xs font-medium uppercase text-slate-500">Source</dt>
          <dd className="text-sm">
            {v.source === 'run' && v.runId ? (
              <Link href={`/runs/${v.runId}`} className="text-brand-700 hover:underline">
                training run {v.runId.slice(0, 8)}
              </Link>
            ) : (
              'uploaded ONNX'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase text-slate-500">Task</dt>
          <dd className="text-sm" data-testid="version-task">
            {v.task}
            {v.classes && <span className="text-slate-600"> · classes {v.classes.join(', ')}</span>}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase text-slate-500">Created</dt>
          <dd className="text-sm">{new Date(v.createdAt).toLocaleString()}</dd>
        </div>
        <div className="md:col-span-2">
          <dt className="text-xs font-medium uppercase text-slate-500">Artifact sha256</dt>
          <dd className="flex flex-wrap items-center gap-3 text-sm">
            <code className="break-all text-xs" data-testid="version-artifact-sha">
              {v.artifactSha256}
            </code>
            <span className="text-slate-500">{(v.artifactSize / 1024).toFixed(1)} KiB</span>
            <a href={`/api/models/${encodeURIComponent(model.name)}/versions/${v.version}/artifact`} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100" download>
              Download model.onnx
            </a>
          </dd>
        </div>
      </dl>
      <VersionServingActions model={model.name} version={v.version} />
      <Section id="v-lineage" title="Lineage">
        <LineageView versionId={v.id} />
      </Section>
      <Section id="v-metrics" title="Metrics">
        {m ? (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Metrics recorded at registration</caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Metric</th>
                  <th scope="col" className="px-3 py-2">Validation (held-out split)</th>
                  <th scope="col" className="px-3 py-2">Training (all rows)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((k) => (
                  <tr key={k} className="border-t border-slate-100">
                    <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                      {k}
                    </th>
                    <td className="px-3 py-1.5 tabular-nums">{fmtMetric(metricValue(m.validation, k))}</td>
                    <td className="px-3 py-1.5 tabular-nums">{fmtMetric(metricValue(m.training, k))}</td>
                  </tr>
                ))}
                {v.task === 'multiclass' &&
                  v.classes?.map((c) => (
                    <tr key={`auc:${c}`} className="border-t border-slate-100">
                      <th scope="row" className="px-3 py-1.5 font-normal">
                        <span className="font-mono">auc</span> {c} <span className="text-slate-500">(one vs rest)</span>
                      </th>
                      <td className="px-3 py-1.5 tabular-nums">{fmtMetric(classAuc(m.validation, c))}</td>
                      <td className="px-3 py-1.5 tabular-nums">{fmtMetric(classAuc(m.training, c))}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-slate-500">No metrics: this version was uploaded, not trained here.</p>
        )}
      </Section>
      {v.task !== 'binary' && (
        <Section id="v-evaluation" title={`Evaluation on the golden set (${v.task})`}>
          <VersionEvaluation model={model.name} version={v.version} />
        </Section>
      )}
      <Section id="v-importance" title="Feature importance">
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold">Permutation (drop in the metric)</h3>
            <FeatureImportance name={model.name} version={v.version} canCompute={!!me.data?.permissions.includes('training.run')} />
          </div>
          <GainImportance name={model.name} version={v.version} />
        </div>
      </Section>
      <Section id="v-signature" title="Signature">
        <SignatureTables signature={v.signature} />
      </Section>
      <Section id="v-card" title="Tags and model card">
        <p className="text-sm text-slate-600">
          The card text is the team&apos;s part (intended use, out-of-scope uses, limitations); the download adds lineage, metrics, the latest evaluation and fairness.{' '}
          <a href={`${base.replace('/models/', '/api/models/')}/versions/${v.version}/card`} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100" download data-testid="download-model-card">
            Download model card (Markdown)
          </a>
        </p>
        <VersionEditForm key={v.id} versionId={v.id} tags={v.tags} card={v.card} cardFields={v.cardFields} canWrite={!!me.data?.permissions.includes('model.write')} />
      </Section>
    </div>
  );
}
