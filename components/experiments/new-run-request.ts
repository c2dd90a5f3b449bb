// Turns the "New run" form's strings into trpc.runs.start input, or names the field at fault.
// The server validates again (trainer schema, target column); this only catches what cannot be
// sent at all (unparsable JSON, a non-number in a number box) so the message names the field.

export type RunTask = 'binary' | 'multiclass' | 'regression';

export interface NewRunFormValues {
  /** Absent or binary: a binary run (the request then carries no task, as before). */
  task?: RunTask;
  experiment: string;
  datasetVersionId: string;
  target: string;
  trainer: string;
  /** Number inputs, one per numeric default, as typed (empty = leave to the trainer default). */
  paramFields: Record<string, string>;
  /** Extra or overriding params as a JSON object; empty = none. */
  advancedJson: string;
  seed: string;
  /** A feature spec as JSON; empty = derive one from the dataset schema. */
  specJson: string;
  /** The column picker's inputs; undefined = let training derive them. A JSON spec wins over it. */
  columns?: string[];
}

export interface StartRunInput {
  task?: RunTask;
  experiment: string;
  datasetVersionId: string;
  target: string;
  trainer: string;
  params: Record<string, unknown>;
  seed: number;
  spec?: unknown;
  columns?: string[];
}

export type BuildResult = { ok: true; input: StartRunInput } | { ok: false; field: string; message: string };

function fail(field: string, message: string): BuildResult {
  return { ok: false, field, message };
}

// The CSV contract's decimal form: plain or exponent, nothing else ("0x10", "1_000", "Infinity" are refused).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function buildStartRunInput(v: NewRunFormValues): BuildResult {
  if (!v.experiment.trim()) return fail('experiment', 'experiment name is required');
  if (!v.datasetVersionId) return fail('datasetVersionId', 'pick a dataset version');
  if (!v.target) return fail('target', 'pick a target column');
  if (!v.trainer) return fail('trainer', 'pick a trainer');

  const params: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(v.paramFields)) {
    const s = raw.trim();
    if (s === '') continue;
    if (!DECIMAL.test(s)) return fail('params', `parameter ${key}: '${raw}' is not a number`);
    params[key] = Number(s);
  }
  if (v.advancedJson.trim()) {
    let extra: unknown;
    try {
      extra = JSON.parse(v.advancedJson);
    } catch (e) {
      return fail('params', `advanced params are not valid JSON: ${(e as Error).message}`);
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return fail('params', 'advanced params must be a JSON object, e.g. {"subsample": 0.8}');
    // The JSON box is the more deliberate input, so it overrides the number boxes.
    Object.assign(params, extra);
  }

  const seedText = v.seed.trim() || '0';
  if (!/^\d+$/.test(seedText) || Number(seedText) > 2 ** 31 - 1) return fail('seed', `seed must be a whole number from 0 to ${2 ** 31 - 1}`);

  let spec: unknown;
  if (v.specJson.trim()) {
    try {
      spec = JSON.parse(v.specJson);
    } catch (e) {
      return fail('spec', `feature spec is not valid JSON: ${(e as Error).message}`);
    }
  }

  if (spec === undefined && v.columns && v.columns.length === 0) return fail('columns', 'pick at least one input column');

  return {
    ok: true,
    input: {
      ...(v.task && v.task !== 'binary' ? { task: v.task } : {}),
      experiment: v.experiment.trim(),
      datasetVersionId: v.datasetVersionId,
      target: v.target,
      trainer: v.trainer,
      params,
      seed: Number(seedText),
      ...(spec !== undefined ? { spec } : v.columns ? { columns: v.columns } : {}),
    },
  };
}

/** Default param values that get a number box; the others are set through the JSON box. */
export function numericDefaults(defaults: Record<string, unknown>): [string, number][] {
  return Object.entries(defaults).filter((e): e is [string, number] => typeof e[1] === 'number');
}
