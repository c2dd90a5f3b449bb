'use client';
// Params of the compared runs side by side. Rows where the runs disagree are highlighted and
// marked "differs" in text too (colour is not the only cue).
import { formatParamValue, type ParamRow } from '../charts/prepare/params-diff';

interface Section {
  title: string;
  rows: ParamRow[];
}

export function ParamsDiffTable({ runNames, sections, onlyDifferences }: { runNames: string[]; sections: Section[]; onlyDifferences: boolean }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="params-diff">
        <caption className="sr-only">Parameters of the compared runs</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Parameter</th>
            {runNames.map((n, i) => (
              <th key={i} scope="col" className="px-3 py-2">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        {sections.map((s) => {
          const rows = onlyDifferences ? s.rows.filter((r) => r.differs) : s.rows;
          return (
            <tbody key={s.title}>
              <tr className="bg-slate-50">
                <th scope="colgroup" colSpan={runNames.length + 1} className="px-3 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                  {s.title}
                </th>
              </tr>
              {rows.map((r) => (
                <tr key={r.key} className={`border-t border-slate-100 ${r.differs ? 'bg-amber-50' : ''}`} data-differs={r.differs ? 'true' : 'false'} data-testid="param-row">
                  <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                    {r.key}
                    {r.differs && ' '}
                    {r.differs && <span className="ml-2 rounded bg-amber-200 px-1 text-xs font-sans text-amber-900">differs</span>}
                  </th>
                  {r.values.map((v, i) => (
                    <td key={i} className={`px-3 py-1.5 font-mono ${r.differs ? 'font-semibold' : ''}`}>
                      {formatParamValue(v, r.present[i])}
                    </td>
                  ))}
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={runNames.length + 1} className="px-3 py-2 text-slate-500">
                    {onlyDifferences ? 'No differences.' : 'None.'}
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
