// A version's ONNX signature (server/ml/onnx/describe.ts): inputs, outputs, opsets, producer, metadata.
import type { ModelDescription } from '@/server/ml/onnx/describe';

type Tensor = ModelDescription['inputs'][number];

function TensorTable({ caption, rows }: { caption: string; rows: Tensor[] }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left font-medium">{caption}</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-1.5">Name</th>
            <th scope="col" className="px-3 py-1.5">Type</th>
            <th scope="col" className="px-3 py-1.5">Shape</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.name} className="border-t border-slate-100">
              <td className="px-3 py-1.5 font-mono">{t.name}</td>
              <td className="px-3 py-1.5 font-mono">{t.type}</td>
              <td className="px-3 py-1.5 font-mono">[{t.shape.join(', ')}]</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SignatureTables({ signature }: { signature: unknown }) {
  const s = signature as Partial<ModelDescription> | null;
  if (!s?.inputs) return <p className="text-sm text-slate-500">No signature recorded.</p>;
  const metadata = Object.entries(s.metadata ?? {});
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <TensorTable caption="Inputs" rows={s.inputs} />
        <TensorTable caption="Outputs" rows={s.outputs ?? []} />
      </div>
      <dl className="flex flex-wrap gap-6 text-sm">
        <div>
          <dt className="text-xs uppercase text-slate-500">Producer</dt>
          <dd>{s.producer || '—'}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">IR version</dt>
          <dd>{s.irVersion ?? '—'}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase text-slate-500">Opsets</dt>
          <dd className="font-mono">{(s.opsets ?? []).map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || '—'}</dd>
        </div>
      </dl>
      {metadata.length > 0 && (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="px-3 py-2 text-left font-medium">Metadata</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-1.5">Key</th>
                <th scope="col" className="px-3 py-1.5">Value</th>
              </tr>
            </thead>
            <tbody>
              {metadata.map(([k, v]) => (
                <tr key={k} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 font-mono">{k}</td>
                  <td className="break-all px-3 py-1.5 font-mono text-xs">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
