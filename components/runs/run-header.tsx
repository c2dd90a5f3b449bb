// What a run is made of (its lineage) and where it came from, as a definition list.
import Link from 'next/link';
import type { RunDetail } from './run-types';

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

export function RunHeader({ detail }: { detail: RunDetail }) {
  const { run, experiment, dataset, datasetVersion, spec, registeredAs } = detail;
  const runtime = run.runtime ?? {};
  return (
    <dl className="grid grid-cols-1 gap-4 rounded border border-slate-200 bg-white p-4 md:grid-cols-2 xl:grid-cols-3">
      <Item term="Experiment">
        <Link href={`/experiments/${experiment.id}`} className="text-brand-700 hover:underline">
          {experiment.name}
        </Link>
      </Item>
      <Item term="Dataset version">
        {datasetVersion && dataset ? (
          <>
            <Link href={`/datasets/versions/${datasetVersion.id}`} className="text-brand-700 hover:underline" data-testid="run-dataset-version">
              {dataset.name}@{datasetVersion.sha256.slice(0, 12)}
            </Link>{' '}
            <span className="text-slate-500">({datasetVersion.rowCount} rows)</span>
          </>
        ) : (
          <span className="text-slate-500">not recorded (the run's script named none)</span>
        )}
      </Item>
      {run.source === 'external' && (
        <Item term="Source">
          <span data-testid="run-source">trained outside Vigil</span>
          {run.codeVersion && (
            <>
              {' '}
              · code <code className="text-xs">{run.codeVersion}</code>
            </>
          )}
        </Item>
      )}
      <Item term="Target">
        <span className="font-mono">{run.target || '—'}</span>
      </Item>
      <Item term="Task">
        <span data-testid="run-task">{run.task}</span>
      </Item>
      <Item term="Trainer">
        <span className="font-mono">
          {run.trainer} {run.trainerVersion ?? ''}
        </span>
      </Item>
      {run.source !== 'external' && <Item term="Seed">{run.seed}</Item>}
      <Item term="Params">
        <code className="text-xs">{JSON.stringify(run.params)}</code>
      </Item>
      {run.source !== 'external' && (
        <Item term="Feature spec">
          {spec ? <code className="text-xs">{spec.sha256}</code> : <span className="text-slate-500">{run.inputSpec ? 'given, fitted when the run finishes' : 'derived from the dataset schema when the run finishes'}</span>}
        </Item>
      )}
      <Item term="Artifact sha256">{run.artifactSha256 ? <code className="text-xs" data-testid="run-artifact-sha">{run.artifactSha256}</code> : <span className="text-slate-500">not yet</span>}</Item>
      {run.source !== 'external' && (
        <Item term="Runtime">
          {Object.keys(runtime).length ? (
            <span className="font-mono text-xs">
              {Object.entries(runtime)
                .map(([k, v]) => `${k} ${v}`)
                .join(' · ')}
            </span>
          ) : (
            <span className="text-slate-500">recorded when the run finishes</span>
          )}
        </Item>
      )}
      <Item term="Created">{new Date(run.createdAt).toLocaleString()}</Item>
      <Item term="Finished">{run.finishedAt ? new Date(run.finishedAt).toLocaleString() : '—'}</Item>
      {registeredAs.length > 0 && (
        <Item term="Registered as">
          <ul className="flex flex-wrap gap-2">
            {registeredAs.map((r) => (
              <li key={r.id}>
                <Link href={`/models/${r.modelName}/versions/${r.version}`} className="text-brand-700 hover:underline">
                  {r.modelName} v{r.version}
                </Link>
              </li>
            ))}
          </ul>
        </Item>
      )}
    </dl>
  );
}
