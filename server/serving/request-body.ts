// The shapes of serving's request bodies (zod), with the limits that keep a request from
// exploding memory, the stack or the log: the whole body is checked first by the storable-string
// rule (storable.ts), which also bounds nesting; then the schema; then the per-row context limits.
import { z } from 'zod';
import { HttpError } from './http-util';
import { depthOf, findUnstorable } from './storable';

export const LIMITS = {
  /** Nesting of any request body (a predict body needs 4, an OIP body 5). */
  bodyDepth: 32,
  /** Nesting inside one row's context object. */
  contextDepth: 8,
  /** One row's context, serialised. */
  contextBytes: 4096,
  requestKeyChars: 256,
  oipIdChars: 256,
} as const;

const requestKey = z.string().max(LIMITS.requestKeyChars, `must be at most ${LIMITS.requestKeyChars} characters`);

export const predictBody = z.strictObject({
  // Row-level checks name row and field; validateRows does them against the model's signature.
  rows: z.unknown(),
  version: z.number().int('must be a positive integer').min(1, 'must be a positive integer').optional(),
  request_key: requestKey.nullable().optional(),
  context: z.array(z.record(z.string(), z.unknown()).nullable()).nullable().optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const feedbackBody = (maxLabels: number) =>
  z.strictObject({
    labels: z
      .array(
        z.strictObject({
          prediction_id: z.string().regex(UUID, 'must be a prediction id (UUID)'),
          // Checked against the predicting version's task once the prediction is found: binary 0 or 1,
          // regression a finite number, multiclass one of the version's class names.
          label: z.union([z.number(), z.string().min(1).max(1000)], 'must be 0 or 1 (binary), a finite number (regression) or a class name (multiclass)'),
        }),
      )
      .min(1, 'must be a non-empty array of { prediction_id, label }')
      .max(maxLabels, `at most ${maxLabels} per request`),
    /** Replace labels already written (by any key allowed on the model); recorded with this key. */
    overwrite: z.boolean().optional(),
  });

export const oipInferBody = z.looseObject({
  id: z.string().max(LIMITS.oipIdChars).optional(),
  parameters: z.looseObject({ request_key: requestKey.optional() }).optional(),
  inputs: z
    .array(
      z.looseObject({
        name: z.string('required'),
        shape: z.array(z.number().int().min(0), 'must be an array of non-negative integers'),
        datatype: z.string('required'),
        data: z.array(z.unknown(), 'must be an array'),
      }),
    )
    .min(1, 'must be a non-empty array of tensors'),
  outputs: z.array(z.looseObject({ name: z.string('required') })).optional(),
});

function pathOf(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(body)';
}

/** Parses a body: storable strings and depth first, then the schema; a 400 names the field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const bad = findUnstorable(body, '', LIMITS.bodyDepth);
  if (bad) throw new HttpError(400, bad);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  const r = schema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}${i.path.length ? ` in ${pathOf(i.path)}` : ''}` : `${pathOf(i.path)}: ${i.message}`));
    throw new HttpError(400, issues.join('; '));
  }
  return r.data;
}

/** One context object per row (or none); each within the depth and size limits. */
export function checkContext(context: (Record<string, unknown> | null)[] | null | undefined, rows: number): (Record<string, unknown> | null)[] | null {
  if (context === null || context === undefined) return null;
  if (context.length !== rows) throw new HttpError(400, `context: must be an array of ${rows} objects (one per row) or null; got ${context.length}`);
  for (const [i, c] of context.entries()) {
    if (c === null) continue;
    if (depthOf(c, LIMITS.contextDepth) > LIMITS.contextDepth) throw new HttpError(400, `context[${i}]: nested deeper than ${LIMITS.contextDepth} levels`);
    const bytes = Buffer.byteLength(JSON.stringify(c));
    if (bytes > LIMITS.contextBytes) throw new HttpError(400, `context[${i}]: is ${bytes} bytes; the limit is ${LIMITS.contextBytes} bytes per row`);
  }
  return context;
}
