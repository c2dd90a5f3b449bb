'use client';
// Selection rate per group with 95 % bootstrap whiskers (prepared by selectionRateBars); groups
// outside the four-fifths band are drawn in the warning colour and named in the table.
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { SelectionBar } from './prepare/fairness-groups';

const OK = '#0072b2';
const OUTSIDE = '#d55e00';

export function FairnessSelectionChart({ title, bars }: { title: string; bars: SelectionBar[] }) {
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 400, height: 220 }}>
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="group" interval={0} tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={40} />
            <Bar dataKey="rate" name="selection rate" isAnimationActive={false}>
              {bars.map((b) => (
                <Cell key={b.group} fill={b.parityOk ? OK : OUTSIDE} />
              ))}
              <ErrorBar dataKey="error" width={6} strokeWidth={1.5} stroke="#334155" direction="y" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="flex flex-wrap gap-x-4 text-xs text-slate-700" aria-label={`${title} legend`}>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-2.5" style={{ background: OK }} aria-hidden="true" /> within the four-fifths band
        </li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-2.5" style={{ background: OUTSIDE }} aria-hidden="true" /> outside [0.8, 1.25] vs the reference group
        </li>
        <li>whiskers: 95% bootstrap interval</li>
      </ul>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Selection rate</th>
              <th scope="col">95% interval</th>
              <th scope="col">Parity</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.group}>
                <td>{b.group}</td>
                <td>{b.rate.toFixed(3)}</td>
                <td>{b.lo !== null && b.hi !== null ? `${b.lo.toFixed(3)}–${b.hi.toFixed(3)}` : '–'}</td>
                <td>{b.parityOk ? 'within band' : 'outside band'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
