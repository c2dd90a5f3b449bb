'use client';
// /predictions/<id>: what was asked and answered, and the chain behind the answer: version →
// run → dataset version + feature spec, and the alias moves on either side of its time.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { fmtMs } from '@/components/serving/format';
import { CopyButton } from '@/components/ui/copy-button';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `sec-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fields({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid max-w-3xl grid-cols-[12rem_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Time({ iso }: { iso: string }) {
  return <time dateTime={iso} title={iso}>{new Date(iso).toLocaleString()}</time>;
}

function ValuesTable({ caption, values }: { caption: string; values: Record<string, unknown> | null }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="text-sm text-slate-500">None.</p>;
  return (
    <table className="w-full max-w-3xl rounded border border-slate-200 bg-white text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-100 text-slate-600">
        <tr>
          <th scope="col" className="px-3 py-2">Name</th>
          <th scope="col" className="px-3 py-2">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k} className="border-t border-slate-100">
            <th scope="row" className="px-3 py-1.5 font-mono font-normal">{k}</th>
            <td className="px-3 py-1.5 font-mono">{v === null || v === undefined || v === '' ? '∅ (missing)' : typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Move {
  alias: string;
  kind: string;
  fromVersion: number | null;
  toVersion: number | null;
  share: number;
  actor: string;
  reason: string | null;
  at: string;
}

function moveText(m: Move) {
  const from = m.fromVersion === null ? 'nothing' : `v${m.fromVersion}`;
  const to = m.toVersion === null ? 'nothing' : `v${m.toVersion}`;
  return `${m.kind}: ${m.alias} ${from} → ${to}${m.alias === 'canary' ? ` (${Math.round(m.share * 100)}%)` : ''} by ${m.actor}${m.reason ? ` — “${m.reason}”` : ''}`;
}

export function PredictionScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.search.prediction.queryOptions({ id }, { retry: false }));
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}. Paste a prediction id into the search box (Ctrl K) to find another.
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const p = q.data;
  const modelHref = `/models/${encodeURIComponent(p.model.name)}`;
  return (
    <div className="flex flex-col gap-6" data-testid="prediction-trace">
      <Fields
        rows={[
          ['Prediction id', <span key="id" className="inline-flex items-center gap-2 font-mono">{p.id}<CopyButton text={p.id} label="Copy prediction id" /></span>],
          ['Time', <Time key="t" iso={p.ts} />],
          ['Model', <Link key="m" href={modelHref} className="text-brand-700 hover:underline">{p.model.name}</Link>],
          ['Version', <Link key="v" href={p.version.href} className="text-brand-700 hover:underline" data-testid="trace-version">v{p.version.version}</Link>],
          ['Route', p.route],
          ['Latency', fmtMs(p.latencyMs)],
          ['Request key', p.requestKey ?? '—'],
          ['Label (feedback)', p.label === null ? 'not received yet' : <span key="l">{p.label} {p.labelReceivedAt && <>(received <Time iso={p.labelReceivedAt} />)</>}</span>],
        ]}
      />
      <div className="grid max-w-5xl grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="Inputs">
          <ValuesTable caption="Inputs of the prediction" values={p.inputs} />
        </Section>
        <Section title="Outputs">
          <ValuesTable caption="Outputs of the prediction" values={p.outputs} />
        </Section>
      </div>
      {p.context && Object.keys(p.context).length > 0 && (
        <Section title="Logged context">
          <ValuesTable caption="Context logged with the prediction" values={p.context} />
        </Section>
      )}
      <Section title="Chain">
        <ol className="flex max-w-3xl flex-col gap-2 text-sm" data-testid="trace-chain">
          <li className="rounded border border-slate-200 bg-white p-3">
            <span className="text-slate-500">Model version </span>
            <Link href={p.version.href} className="text-brand-700 hover:underline">{p.model.name} v{p.version.version}</Link>
            <span className="text-slate-500"> ({p.version.source === 'upload' ? 'uploaded ONNX' : 'trained in Vigil'})</span>
          </li>
          {p.run ? (
            <li className="rounded border border-slate-200 bg-white p-3">
              <span className="text-slate-500">Trained by run </span>
              <Link href={p.run.href} className="text-brand-700 hover:underline" data-testid="trace-run">{p.run.name}</Link>
              <span className="text-slate-500"> ({p.run.trainer}, seed {p.run.seed}) in experiment </span>
              <Link href={`/experiments/${p.run.experiment.id}`} className="text-brand-700 hover:underline">{p.run.experiment.name}</Link>
            </li>
          ) : (
            <li className="rounded border border-slate-200 bg-white p-3 text-slate-500">Uploaded version: no training run or dataset in Vigil.</li>
          )}
          {p.datasetVersion && (
            <li className="rounded border border-slate-200 bg-white p-3">
              <span className="text-slate-500">On dataset version </span>
              <Link href={p.datasetVersion.href} className="font-mono text-brand-700 hover:underline" data-testid="trace-dataset">
                {p.datasetVersion.dataset}@{p.datasetVersion.sha256.slice(0, 12)}
              </Link>
              <span className="text-slate-500"> ({p.datasetVersion.rows.toLocaleString()} rows)</span>
            </li>
          )}
          {p.featureSpec && (
            <li className="rounded border border-slate-200 bg-white p-3">
              <span className="text-slate-500">With feature spec </span>
              <span className="font-mono" title={p.featureSpec.sha256}>{p.featureSpec.sha256.slice(0, 12)}</span>
            </li>
          )}
        </ol>
      </Section>
      <Section title="Alias moves around this prediction">
        {p.route === 'explicit' || p.route === 'batch' ? (
          <p className="text-sm text-slate-500">Asked for version {p.version.version} explicitly ({p.route}): no alias chose it.</p>
        ) : (
          <ul className="flex max-w-3xl flex-col gap-2 text-sm">
            <li className="rounded border border-slate-200 bg-white p-3" data-testid="alias-before">
              <span className="text-slate-500">Before: </span>
              {p.aliasBefore ? (
                <>
                  <Time iso={p.aliasBefore.at} /> · {moveText(p.aliasBefore)}
                </>
              ) : (
                'no earlier move of this alias is recorded'
              )}
            </li>
            <li className="rounded border border-slate-200 bg-white p-3" data-testid="alias-after">
              <span className="text-slate-500">Next: </span>
              {p.aliasAfter ? (
                <>
                  <Time iso={p.aliasAfter.at} /> · {moveText(p.aliasAfter)}
                </>
              ) : (
                `the ${p.route} alias has not moved since`
              )}
            </li>
          </ul>
        )}
        <Link href={modelHref} className="text-sm text-brand-700 hover:underline">
          Full alias history of {p.model.name}
        </Link>
      </Section>
    </div>
  );
}
