// The records a trainer program may print on stdout, one JSON object per line:
//   {"type": "progress", "step": 3, "total": 50, "metrics": {"loss": 0.41}, "phase": "final"}
//   {"type": "runtime", "runtime": {"python": "3.11.2", "torch": "2.1.0", "device": "cuda", ...}}
// step: 1-based integer ≤ total; metrics: finite numbers only (at most MAX_METRICS keys); phase
// 'holdout' or 'final' (default 'final'). Every other line is a log line. A line that is a JSON
// object with a known type but a bad shape is logged with the reason and not recorded.
import type { TrainModelProgress } from '../training/train-model';

export type ProgramLine =
  | { kind: 'progress'; progress: TrainModelProgress }
  | { kind: 'runtime'; runtime: Record<string, string> }
  | { kind: 'invalid'; reason: string }
  | { kind: 'log' };

const MAX_METRICS = 50;
const MAX_STEPS = 10_000_000;
const MAX_RUNTIME_KEYS = 50;

export function parseOutputLine(line: string): ProgramLine {
  const t = line.trim();
  if (!t.startsWith('{')) return { kind: 'log' };
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return { kind: 'log' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'log' };
  const o = v as Record<string, unknown>;
  if (o.type === 'progress') {
    const { step, total, metrics, phase = 'final' } = o;
    if (!Number.isSafeInteger(step) || (step as number) < 1 || (step as number) > MAX_STEPS) return { kind: 'invalid', reason: 'step must be an integer ≥ 1' };
    if (!Number.isSafeInteger(total) || (total as number) < (step as number) || (total as number) > MAX_STEPS) return { kind: 'invalid', reason: 'total must be an integer ≥ step' };
    if (phase !== 'final' && phase !== 'holdout') return { kind: 'invalid', reason: "phase must be 'final' or 'holdout'" };
    const m: Record<string, number> = {};
    if (metrics !== undefined) {
      if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return { kind: 'invalid', reason: 'metrics must be an object of numbers' };
      const entries = Object.entries(metrics);
      if (entries.length > MAX_METRICS) return { kind: 'invalid', reason: `at most ${MAX_METRICS} metrics per step` };
      for (const [k, x] of entries) {
        if (typeof x !== 'number' || !Number.isFinite(x)) return { kind: 'invalid', reason: `metric '${k.slice(0, 100)}' must be a finite number` };
        if (k.length > 100) return { kind: 'invalid', reason: 'metric names are at most 100 characters' };
        m[k] = x;
      }
    }
    return { kind: 'progress', progress: { phase, iteration: step as number, total: total as number, metrics: m } };
  }
  if (o.type === 'runtime') {
    const r = o.runtime;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return { kind: 'invalid', reason: 'runtime must be an object' };
    const entries = Object.entries(r);
    if (entries.length > MAX_RUNTIME_KEYS) return { kind: 'invalid', reason: `at most ${MAX_RUNTIME_KEYS} runtime keys` };
    const out: Record<string, string> = {};
    for (const [k, x] of entries) {
      if (k.length > 100) return { kind: 'invalid', reason: 'runtime keys are at most 100 characters' };
      if (x === null || typeof x === 'object') return { kind: 'invalid', reason: `runtime '${k}' must be a string, number or boolean` };
      out[k] = String(x).slice(0, 500);
    }
    return { kind: 'runtime', runtime: out };
  }
  return { kind: 'log' };
}
