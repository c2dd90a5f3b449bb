// A sweep's search space and the points it yields. Per param either a list of values (the grid
// takes every one; random search draws one) or, for random search only, a numeric range
// {min, max, log?, int?}. Pure and deterministic: the same space and seed give the same points,
// in the same order, on every machine (seeded mulberry32, never Math.random).
import { seededRng } from '../trainers/rng';

/** Runs one sweep may create at most: a sweep is a batch of ordinary jobs on shared workers. */
export const MAX_SWEEP_RUNS = 100;
const MAX_PARAMS = 20;
const MAX_VALUES = 100;

export interface ParamRange {
  min: number;
  max: number;
  /** Draw uniformly in log space (learning rates, penalties); needs min > 0. */
  log?: boolean;
  /** Draw whole numbers in [min, max]. */
  int?: boolean;
}
export type ParamValues = (string | number | boolean | null)[];
export type SweepSpace = Record<string, ParamValues | ParamRange>;
export type SweepPoint = Record<string, unknown>;

export class SpaceError extends Error {}

const isScalar = (v: unknown) => v === null || ['string', 'boolean'].includes(typeof v) || (typeof v === 'number' && Number.isFinite(v));

function parseRange(name: string, raw: Record<string, unknown>, integerParams: ReadonlySet<string>): ParamRange {
  const extra = Object.keys(raw).filter((k) => !['min', 'max', 'log', 'int'].includes(k));
  if (extra.length) throw new SpaceError(`${name}: a range takes min, max, log and int, not ${extra.join(', ')}`);
  const { min, max } = raw;
  if (typeof min !== 'number' || !Number.isFinite(min)) throw new SpaceError(`${name}: min must be a number`);
  if (typeof max !== 'number' || !Number.isFinite(max)) throw new SpaceError(`${name}: max must be a number`);
  if (!(min < max)) throw new SpaceError(`${name}: min (${min}) must be less than max (${max})`);
  if (raw.log !== undefined && typeof raw.log !== 'boolean') throw new SpaceError(`${name}: log must be true or false`);
  if (raw.int !== undefined && typeof raw.int !== 'boolean') throw new SpaceError(`${name}: int must be true or false`);
  const int = raw.int ?? integerParams.has(name);
  if (raw.log && min <= 0) throw new SpaceError(`${name}: a log range needs min > 0, got ${min}`);
  if (int && Math.ceil(min) > Math.floor(max)) throw new SpaceError(`${name}: no whole number lies between ${min} and ${max}`);
  return { min, max, ...(raw.log ? { log: true } : {}), ...(int ? { int: true } : {}) };
}

/**
 * Checks the shape of a space (not the trainer's rules for each value: the caller validates every
 * point with the trainer's own params schema). `integerParams`: params the trainer takes as whole
 * numbers, so their ranges draw integers without `int: true`.
 */
export function parseSpace(raw: unknown, strategy: 'grid' | 'random', integerParams: ReadonlySet<string> = new Set()): SweepSpace {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SpaceError(`must be a JSON object of param → values or range, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`);
  const names = Object.keys(raw);
  if (names.length === 0) throw new SpaceError('names no param to sweep');
  if (names.length > MAX_PARAMS) throw new SpaceError(`sweeps at most ${MAX_PARAMS} params, got ${names.length}`);
  const space: SweepSpace = {};
  for (const name of names) {
    const v = (raw as Record<string, unknown>)[name];
    if (Array.isArray(v)) {
      if (v.length === 0) throw new SpaceError(`${name}: the list of values is empty`);
      if (v.length > MAX_VALUES) throw new SpaceError(`${name}: at most ${MAX_VALUES} values, got ${v.length}`);
      const bad = v.findIndex((x) => !isScalar(x));
      if (bad >= 0) throw new SpaceError(`${name}: value ${bad + 1} must be a number, string, boolean or null`);
      space[name] = v as ParamValues;
    } else if (typeof v === 'object' && v !== null) {
      if (strategy === 'grid') throw new SpaceError(`${name}: a grid needs a list of values; ranges are for random search`);
      space[name] = parseRange(name, v as Record<string, unknown>, integerParams);
    } else {
      throw new SpaceError(`${name}: give a list of values${strategy === 'random' ? ' or a range {min, max}' : ''}`);
    }
  }
  return space;
}

/** How many points the full grid has (may exceed any cap; computed without building it). */
export function gridSize(space: SweepSpace): number {
  return Object.values(space).reduce((n, v) => n * (Array.isArray(v) ? v.length : Infinity), 1);
}

/** Every combination, the last param varying fastest; refused when there are more than `cap`. */
export function gridPoints(space: SweepSpace, cap = MAX_SWEEP_RUNS): SweepPoint[] {
  const size = gridSize(space);
  if (size > cap) throw new SpaceError(`the grid has ${size} points, more than the ${cap} runs a sweep may have`);
  let points: SweepPoint[] = [{}];
  for (const [name, values] of Object.entries(space)) {
    if (!Array.isArray(values)) throw new SpaceError(`${name}: a grid needs a list of values`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points;
}

/** Six significant digits: readable params; clamped so rounding never leaves the range. */
const tidy = (x: number, r: ParamRange) => Math.min(r.max, Math.max(r.min, Number(x.toPrecision(6))));

function draw(r: ParamRange, rng: () => number): number {
  const u = rng();
  if (r.int) {
    const lo = Math.ceil(r.min);
    const hi = Math.floor(r.max);
    // lo ≥ 1 here: a log range needs min > 0.
    if (r.log) return Math.min(hi, Math.max(lo, Math.floor(Math.exp(Math.log(lo) + u * (Math.log(hi + 1) - Math.log(lo))))));
    return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  }
  if (r.log) return tidy(Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))), r);
  return tidy(r.min + u * (r.max - r.min), r);
}

/** `n` points drawn independently (params in the space's key order), seeded. */
export function randomPoints(space: SweepSpace, n: number, seed: number): SweepPoint[] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SWEEP_RUNS) throw new SpaceError(`a random sweep has 1 to ${MAX_SWEEP_RUNS} runs, got ${n}`);
  const rng = seededRng(seed);
  const points: SweepPoint[] = [];
  for (let i = 0; i < n; i++) {
    const p: SweepPoint = {};
    for (const [name, v] of Object.entries(space)) p[name] = Array.isArray(v) ? v[Math.floor(rng() * v.length)] : draw(v, rng);
    points.push(p);
  }
  return points;
}
