// Generated data for the drift bench: a model with 20 inputs (14 numeric of assorted shapes,
// 6 categorical), the training sample its reference profile is built from, and the logged
// predictions. Every value comes from a seeded generator, so two runs log the same rows.
//
// The last `driftHours` of the log drift on purpose, each in a way one of the monitoring
// counters sees: num_00 shifts its mean by +1 sd, num_01 doubles its spread, num_02 goes
// missing 30% of the time, num_03 runs above the training range, cat_00 changes its mix and
// cat_01 gets values never seen in training. The other 14 inputs keep their training
// distribution, so a correct report flags some inputs and not the rest.
import { profileCategorical, profileNumeric } from '@/server/ml/data/profile';
import { featureReference, scoreReference, type FeatureReference, type ScoreReference } from '@/server/ml/monitoring/reference';

export type Rng = () => number;

/** mulberry32: small, fast, seeded; good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: Rng): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

interface NumericDef {
  name: string;
  type: 'numeric';
  missing: number;
  /** A value of the training distribution; `drifted` gives the drifted one where this input drifts. */
  draw: (r: Rng, drifted: boolean) => number;
  /** Missing share once drifted (default: as in training). */
  driftedMissing?: number;
}

interface CategoricalDef {
  name: string;
  type: 'categorical';
  missing: number;
  values: string[];
  weights: number[];
  driftedWeights?: number[];
  /** Share of drifted rows that carry a value never seen in training. */
  driftedUnseen?: number;
}

type InputDef = NumericDef | CategoricalDef;

// Four decimals keep the logged JSON short; the same rounding is applied to the training
// sample, so the shapes match.
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

const NUMERIC: NumericDef[] = [
  { name: 'num_00', type: 'numeric', missing: 0.01, draw: (r, d) => r4(50 + 10 * normal(r) + (d ? 10 : 0)) },
  { name: 'num_01', type: 'numeric', missing: 0.01, draw: (r, d) => r4((d ? 2 : 1) * normal(r)) },
  { name: 'num_02', type: 'numeric', missing: 0.02, draw: (r) => r4(100 * r()), driftedMissing: 0.3 },
  { name: 'num_03', type: 'numeric', missing: 0, draw: (r, d) => r4(d ? 0.8 + 0.4 * r() : r()) },
  { name: 'num_04', type: 'numeric', missing: 0.05, draw: (r) => r4(Math.exp(10 + 0.6 * normal(r))) },
  { name: 'num_05', type: 'numeric', missing: 0, draw: (r) => Math.floor(-Math.log(1 - r()) * 2) },
  { name: 'num_06', type: 'numeric', missing: 0, draw: (r) => 18 + Math.floor(r() * 60) },
  { name: 'num_07', type: 'numeric', missing: 0.03, draw: (r) => r4(r() ** 2) },
  { name: 'num_08', type: 'numeric', missing: 0, draw: (r) => r4(-5 + 3 * normal(r)) },
  { name: 'num_09', type: 'numeric', missing: 0.1, draw: (r) => r4(1000 * r() * r()) },
  { name: 'num_10', type: 'numeric', missing: 0, draw: (r) => (r() < 0.3 ? 1 : 0) },
  { name: 'num_11', type: 'numeric', missing: 0, draw: (r) => r4(normal(r) * normal(r)) },
  { name: 'num_12', type: 'numeric', missing: 0.005, draw: (r) => r4(Math.exp(normal(r))) },
  { name: 'num_13', type: 'numeric', missing: 0, draw: (r) => r4(200 + 50 * normal(r)) },
];

const letters = (n: number) => Array.from({ length: n }, (_, i) => `v${String(i).padStart(2, '0')}`);
const zipf = (n: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1));

const CATEGORICAL: CategoricalDef[] = [
  { name: 'cat_00', type: 'categorical', missing: 0.01, values: ['north', 'south', 'east', 'west'], weights: [4, 3, 2, 1], driftedWeights: [1, 2, 3, 4] },
  { name: 'cat_01', type: 'categorical', missing: 0, values: ['web', 'app', 'branch'], weights: [5, 4, 1], driftedUnseen: 0.25 },
  { name: 'cat_02', type: 'categorical', missing: 0.02, values: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], weights: [1, 1, 1, 1, 1, 1, 1] },
  // More values than a profile lists (TOP_CATEGORIES = 50): the tail lands in "other".
  { name: 'cat_03', type: 'categorical', missing: 0, values: letters(80), weights: zipf(80) },
  { name: 'cat_04', type: 'categorical', missing: 0.05, values: ['yes', 'no'], weights: [1, 3] },
  { name: 'cat_05', type: 'categorical', missing: 0, values: letters(12), weights: zipf(12) },
];

export const INPUTS: InputDef[] = [...NUMERIC, ...CATEGORICAL];

function pick(r: Rng, values: string[], weights: number[]): string {
  let total = 0;
  for (const w of weights) total += w;
  let u = r() * total;
  for (let i = 0; i < values.length; i++) {
    u -= weights[i];
    if (u < 0) return values[i];
  }
  return values[values.length - 1];
}

function drawInput(def: InputDef, r: Rng, drifted: boolean): number | string | null {
  if (def.type === 'numeric') {
    const missing = drifted && def.driftedMissing !== undefined ? def.driftedMissing : def.missing;
    if (r() < missing) return null;
    return def.draw(r, drifted);
  }
  if (r() < def.missing) return null;
  if (drifted && def.driftedUnseen && r() < def.driftedUnseen) return `new_${Math.floor(r() * 5)}`;
  return pick(r, def.values, drifted && def.driftedWeights ? def.driftedWeights : def.weights);
}

/** The model's score for a row: a fixed logistic function of a few inputs. */
function score(x: Record<string, number | string | null>): number {
  const n0 = typeof x.num_00 === 'number' ? (x.num_00 - 50) / 10 : 0;
  const n1 = typeof x.num_01 === 'number' ? x.num_01 : 0;
  const n3 = typeof x.num_03 === 'number' ? x.num_03 : 0.5;
  const z = -1.2 + 0.8 * n0 - 0.5 * n1 + 1.5 * (n3 - 0.5) + (x.cat_00 === 'west' ? 0.7 : 0);
  return 1 / (1 + Math.exp(-z));
}

/** One logged request's inputs (missing inputs are sent as null, as a client would) and score. */
export function predictionInputs(r: Rng, drifted: boolean): { inputs: Record<string, number | string | null>; score: number } {
  const inputs: Record<string, number | string | null> = {};
  for (const def of INPUTS) inputs[def.name] = drawInput(def, r, drifted);
  return { inputs, score: score(inputs) };
}

/** The reference profile the version's training data would give: real profiles of a generated sample. */
export function buildReference(rows: number, seed: number): { features: FeatureReference[]; score: ScoreReference } {
  const r = rng(seed);
  const sample = Array.from({ length: rows }, () => predictionInputs(r, false));
  const features = INPUTS.map((def) => {
    if (def.type === 'numeric') {
      const values = Float64Array.from(sample, (s) => (s.inputs[def.name] === null ? Number.NaN : (s.inputs[def.name] as number)));
      return featureReference(profileNumeric(def.name, values), values);
    }
    const values = sample.map((s) => s.inputs[def.name] as string | null);
    return featureReference(profileCategorical(def.name, values), values);
  });
  return { features, score: scoreReference(sample.map((s) => s.score)) };
}

/** A plausible signature for the version row (monitoring never reads it once the reference exists). */
export function signature() {
  return {
    inputs: {
      kind: 'columns',
      inputs: INPUTS.map((d) => ({ name: d.name, elem: d.type === 'numeric' ? 'double' : 'string', rank: 2, spec: { name: d.name, type: d.type, nullable: d.missing > 0 } })),
    },
    spec: null,
    output: { name: 'probability', column: 1, width: 2 },
  };
}
