// The evidence checklist of a request: one row per item (status, title, summary, its gates with
// their figures, a link to the detail), and the hash of what an approver signs off.
import Link from 'next/link';
import { StatusBadge } from './status-badge';
import type { EvidenceItem } from './types';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : v === null || v === undefined ? '–' : String(v));

/** Primitive figures as "name value"; metric objects (candidate / incumbent) as a small table. */
function Figures({ figures, title }: { figures: Record<string, unknown>; title: string }) {
  const flat = Object.entries(figures).filter(([, v]) => v === null || typeof v !== 'object');
  const tables = Object.entries(figures).filter(([, v]) => v !== null && typeof v === 'object' && Object.values(v as object).every((x) => x === null || typeof x === 'number'));
  const metrics = [...new Set(tables.flatMap(([, v]) => Object.keys(v as object)))];
  return (
    <div className="flex flex-col gap-2">
      {flat.length > 0 && (
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
          {flat.map(([k, v]) => (
            <div key={k} className="flex gap-1">
              <dt className="text-slate-500">{k}</dt>
              <dd className="font-mono">{num(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {tables.length > 0 && (
        <table className="text-xs">
          <caption className="sr-only">{title}: figures</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 text-left font-normal text-slate-500">
                metric
              </th>
              {tables.map(([k]) => (
                <th key={k} scope="col" className="pr-3 text-right font-normal text-slate-500">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m}>
                <th scope="row" className="pr-3 text-left font-normal">
                  {m}
                </th>
                {tables.map(([k, v]) => (
                  <td key={k} className="pr-3 text-right font-mono">
                    {num((v as Record<string, unknown>)[m])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function EvidenceChecklist({ items, hash }: { items: EvidenceItem[]; hash: string }) {
  return (
    <section aria-labelledby="evidence-title" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="evidence-title" className="text-lg font-semibold">
          Evidence
        </h2>
        <p className="text-xs text-slate-500">
          Evidence hash <span className="font-mono" data-testid="evidence-hash">{hash}</span>
        </p>
      </div>
      <ul className="flex flex-col divide-y divide-slate-100 rounded border border-slate-200 bg-white" aria-label="Evidence checklist">
        {items.map((it) => (
          <li key={it.key} className="flex flex-col gap-2 p-3" data-testid={`evidence-${it.key}`}>
            <div className="flex flex-wrap items-center gap-3">
              <StatusBadge status={it.status} testId={`evidence-${it.key}-status`} />
              <h3 className="font-medium">{it.title}</h3>
              {it.link && (
                <Link href={it.link} className="text-sm text-brand-700 underline">
                  Details<span className="sr-only"> of {it.title}</span>
                </Link>
              )}
            </div>
            <p className="text-sm text-slate-700">{it.summary}</p>
            {it.gates && it.gates.length > 0 && (
              <table className="text-sm">
                <caption className="sr-only">{it.title}: gates</caption>
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th scope="col" className="pr-3 text-left font-normal">Gate</th>
                    <th scope="col" className="pr-3 text-left font-normal">Result</th>
                    <th scope="col" className="pr-3 text-right font-normal">Candidate</th>
                    <th scope="col" className="pr-3 text-right font-normal">Incumbent</th>
                    <th scope="col" className="text-left font-normal">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {it.gates.map((g) => (
                    <tr key={g.gate} data-testid="gate-row" className="align-top">
                      <td className="pr-3 font-mono text-xs">{g.gate}</td>
                      <td className="pr-3">
                        <StatusBadge status={g.status} />
                      </td>
                      <td className="pr-3 text-right font-mono text-xs">{num(g.candidate)}</td>
                      <td className="pr-3 text-right font-mono text-xs">{num(g.baseline)}</td>
                      <td className="text-xs">{g.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {it.figures && <Figures figures={it.figures} title={it.title} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
