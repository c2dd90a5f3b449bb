// What changed between two feature specs (two versions of a run's fitted spec): inputs added,
// removed or retyped; features added or removed (matched by their output name); and per common
// feature, a changed transform pipeline (the ops in order) or, with the same ops, changed
// parameters: given ones (clip bounds) and fitted statistics (impute value, mean/std, bucket
// edges, one-hot categories) alike, each with its old and new value.
import { featureName, type FeatureSpec, type TransformSpec } from '@/server/ml/features/spec';

export type SpecChange =
  | { kind: 'input_added' | 'input_removed'; input: string; detail: string }
  | { kind: 'input_changed'; input: string; detail: string }
  | { kind: 'feature_added' | 'feature_removed'; feature: string; detail: string }
  | { kind: 'transforms_changed'; feature: string; detail: string }
  | { kind: 'param_changed'; feature: string; detail: string; step: number; op: string; param: string; from: string; to: string };

function inputText(i: FeatureSpec['inputs'][number]): string {
  return `${i.type}${i.nullable ? ', nullable' : ''}`;
}

function ops(ts: readonly TransformSpec[]): string {
  return ts.map((t) => t.op).join(' → ') || '(none)';
}

/** A parameter's value as shown: lists shortened so a 1000-edge change stays one line. */
function show(v: unknown): string {
  if (v === undefined) return '—';
  if (Array.isArray(v)) return v.length > 6 ? `[${v.slice(0, 6).join(', ')}, … ${v.length} items]` : `[${v.join(', ')}]`;
  return String(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffSpecs(a: FeatureSpec, b: FeatureSpec): SpecChange[] {
  const out: SpecChange[] = [];
  const aIn = new Map(a.inputs.map((i) => [i.name, i]));
  const bIn = new Map(b.inputs.map((i) => [i.name, i]));
  for (const [n, i] of aIn) if (!bIn.has(n)) out.push({ kind: 'input_removed', input: n, detail: inputText(i) });
  for (const [n, i] of bIn) {
    const old = aIn.get(n);
    if (!old) out.push({ kind: 'input_added', input: n, detail: inputText(i) });
    else if (!same(old, i)) out.push({ kind: 'input_changed', input: n, detail: `${show(JSON.stringify(old))} → ${show(JSON.stringify(i))}` });
  }
  const aF = new Map(a.features.map((f) => [featureName(f), f]));
  const bF = new Map(b.features.map((f) => [featureName(f), f]));
  for (const [n, f] of aF) if (!bF.has(n)) out.push({ kind: 'feature_removed', feature: n, detail: ops(f.transforms) });
  for (const [n, f] of bF) {
    const old = aF.get(n);
    if (!old) {
      out.push({ kind: 'feature_added', feature: n, detail: ops(f.transforms) });
      continue;
    }
    if (ops(old.transforms) !== ops(f.transforms)) {
      out.push({ kind: 'transforms_changed', feature: n, detail: `${ops(old.transforms)} ⇒ ${ops(f.transforms)}` });
      continue;
    }
    f.transforms.forEach((t, step) => {
      const o = old.transforms[step] as Record<string, unknown>;
      const nw = t as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(o), ...Object.keys(nw)])].filter((k) => k !== 'op').sort();
      for (const param of keys) {
        if (same(o[param], nw[param])) continue;
        const from = show(o[param]);
        const to = show(nw[param]);
        out.push({ kind: 'param_changed', feature: n, step, op: t.op, param, from, to, detail: `${t.op}.${param}: ${from} → ${to}` });
      }
    });
  }
  return out;
}
