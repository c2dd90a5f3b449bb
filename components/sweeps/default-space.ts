// A starting search space for "Sweep from this run": the run's first positive numeric param
// around its value — half, itself and double for a whole number of 2 or more (tree counts,
// depths, iterations), else a tenth, itself and ten times (penalties, rates) — so the form opens
// with a three-point grid the engineer then edits.
export function defaultSpace(params: Record<string, unknown>): Record<string, number[]> {
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) continue;
    if (Number.isInteger(v) && v >= 2) return { [name]: [...new Set([Math.max(1, Math.round(v / 2)), v, v * 2])] };
    return { [name]: [v / 10, v, v * 10].map((x) => Number(x.toPrecision(6))) };
  }
  return {};
}

/** Parses the space box: a JSON object, or the reason it is not one. */
export function parseSpace(text: string): { ok: true; space: Record<string, unknown> } | { ok: false; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `search space: not JSON (${(e as Error).message})` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'search space: must be a JSON object of param → list of values or {min, max}' };
  return { ok: true, space: v as Record<string, unknown> };
}
