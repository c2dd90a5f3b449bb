// Gain importance per raw input of a GBDT: the trees' total split gain per feature column
// (../trainers/gbdt-gain.ts) summed back over the columns each input became (one-hot categories,
// one-hot buckets, several features of one input), so it reads next to permutation importance,
// which is measured per input too.
import { featureColumnNames } from '../features/pipeline';
import type { FeatureSpec } from '../features/spec';

export interface InputGain {
  input: string;
  /** Total gain of the splits on this input's columns. */
  gain: number;
  /** gain / the total over all inputs (0 when no split was made). */
  share: number;
  /** How many feature columns the input became. */
  columns: number;
}

export function gainByInput(spec: FeatureSpec, columnGains: ReadonlyMap<string, number>): InputGain[] {
  const inputs = new Map(spec.inputs.map((i) => [i.name, i]));
  const byInput = new Map<string, { gain: number; columns: number }>();
  for (const i of spec.inputs) byInput.set(i.name, { gain: 0, columns: 0 });
  for (const f of spec.features) {
    const input = inputs.get(f.input);
    if (!input) throw new Error(`feature reads unknown input '${f.input}'`);
    const acc = byInput.get(f.input)!;
    for (const col of featureColumnNames(f, input)) {
      acc.gain += columnGains.get(col) ?? 0;
      acc.columns += 1;
    }
  }
  const total = [...byInput.values()].reduce((s, x) => s + x.gain, 0);
  return [...byInput.entries()]
    .filter(([, x]) => x.columns > 0)
    .map(([input, x]) => ({ input, gain: x.gain, share: total > 0 ? x.gain / total : 0, columns: x.columns }))
    .sort((a, b) => b.gain - a.gain || a.input.localeCompare(b.input));
}
