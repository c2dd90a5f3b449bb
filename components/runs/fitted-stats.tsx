'use client';
// The statistics a run fitted on its training rows, read from its fitted feature spec: impute
// values (median / mean), standardize mean and scale, clip bounds, bucket edges and one-hot
// categories, per feature. These are the numbers the exported ONNX graph applies at serving.
import { formatNumber } from '@/components/format/format';
import type { FeatureSpec, TransformSpec } from '@/server/ml/features/spec';

/** A long list (bucket edges, categories) shown in full behind a disclosure. */
function List({ items, label }: { items: string[]; label: string }) {
  const head = items.slice(0, 8).join(', ');
  if (items.length <= 8) return <span>{head}</span>;
  return (
    <details>
      <summary className="cursor-pointer">
        {head}, … ({items.length} {label})
      </summary>
      <span className="break-all">{items.join(', ')}</span>
    </details>
  );
}

function Transform({ t }: { t: TransformSpec }) {
  switch (t.op) {
    case 'impute':
      return (
        <span>
          impute missing with the {t.strategy} <b className="tabular-nums">{formatNumber(t.value)}</b>
        </span>
      );
    case 'clip':
      return (
        <span>
          clip to [{formatNumber(t.min)}, {formatNumber(t.max)}]
        </span>
      );
    case 'log1p':
      return <span>log(1 + x)</span>;
    case 'standardize':
      return (
        <span>
          standardize: mean <b className="tabular-nums">{formatNumber(t.mean)}</b>, scale <b className="tabular-nums">{formatNumber(t.std)}</b>
        </span>
      );
    case 'bucketize':
      return (
        <span>
          {(t.boundaries?.length ?? 0) + 1} buckets ({t.encoding ?? 'one_hot'}), edges <List items={(t.boundaries ?? []).map((b) => formatNumber(b))} label="edges" />
        </span>
      );
    case 'one_hot':
      return (
        <span>
          one-hot over {t.categories?.length ?? 0} categories: <List items={t.categories ?? []} label="categories" />
        </span>
      );
  }
}

export function FittedStats({ spec }: { spec: unknown }) {
  const s = spec as FeatureSpec | null;
  if (!s?.features?.length) return <p className="text-sm text-slate-500">No fitted feature spec: the run has not finished, or it used a command trainer that keeps its own preprocessing.</p>;
  const inputs = new Map(s.inputs.map((i) => [i.name, i]));
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="fitted-stats">
        <caption className="sr-only">Statistics fitted on the training rows</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Feature</th>
            <th scope="col" className="px-3 py-2">Input</th>
            <th scope="col" className="px-3 py-2">Fitted transforms, in order</th>
          </tr>
        </thead>
        <tbody>
          {s.features.map((f, k) => {
            const input = inputs.get(f.input);
            return (
              <tr key={`${f.input}-${k}`} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                  {f.name ?? f.input}
                </th>
                <td className="px-3 py-1.5 text-slate-600">
                  {input?.type ?? '?'}
                  {input?.nullable ? ', nullable' : ''}
                </td>
                <td className="px-3 py-1.5">
                  <ol className="flex flex-col gap-0.5">
                    {f.transforms.map((t, i) => (
                      <li key={i}>
                        <Transform t={t} />
                      </li>
                    ))}
                    {f.transforms.length === 0 && <li className="text-slate-500">used as is</li>}
                  </ol>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
