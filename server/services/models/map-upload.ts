// Applies an upload's input mapping (server/ml/onnx/input-mapping.ts): reads the named dataset
// version (the rows a feature spec is fitted on and parity is checked on; synthetic rows stand in
// for a columns mapping uploaded without data), rewrites the graph, and refuses the upload unless
// the rewritten model agrees with the uploaded one within the parity tolerance.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { datasetVersions } from '@/server/db/schema';
import { fitSpec } from '@/server/ml/features/fit';
import { extractInputs, type RawInputs } from '@/server/ml/features/raw-inputs';
import type { FeatureSpec } from '@/server/ml/features/spec';
import { applyInputMapping, InputMappingError, mappingSpec, type InputMapping } from '@/server/ml/onnx/input-mapping';
import { MAPPING_PARITY_TOLERANCE, mappingParity, syntheticRows, type MappingParity } from '@/server/ml/onnx/mapping-parity';
import { readStoredTable } from '@/server/storage/read-table';
import { badRequest, notFound } from '../errors';

/** Rows the parity check scores: enough to catch a wrong column or statistic, few enough to be quick. */
export const PARITY_ROWS = 2000;

export interface MappedUpload {
  bytes: Uint8Array;
  spec: FeatureSpec;
  parity: MappingParity;
  /** What the registry keeps about the mapping (audit, signature). */
  summary: { kind: InputMapping['kind']; task: InputMapping['task']; classes?: string[]; input: string; width: number; score: string; parityRows: number; parityMaxAbsDiff: number };
}

/** Checks a dataset version exists; returns its row for reading. */
export async function datasetVersionOrRefuse(db: DbOrTx, id: string) {
  const [dv] = await db.select().from(datasetVersions).where(eq(datasetVersions.id, id));
  if (!dv) throw notFound('dataset version');
  return dv;
}

function slice(raw: RawInputs, n: number): RawInputs {
  if (raw.n <= n) return raw;
  return { n, columns: new Map([...raw.columns].map(([k, c]) => [k, c.slice(0, n)])) };
}

export async function mapUpload(db: DbOrTx, bytes: Uint8Array, mapping: InputMapping, datasetVersionId: string | undefined): Promise<MappedUpload> {
  const unfitted = mappingSpec(mapping);
  let raw: RawInputs;
  let spec = unfitted;
  if (datasetVersionId) {
    const dv = await datasetVersionOrRefuse(db, datasetVersionId);
    const table = await readStoredTable(dv.sha256);
    let extracted: ReturnType<typeof extractInputs>;
    try {
      extracted = extractInputs(unfitted, table, { skipInvalid: true });
    } catch (e) {
      throw badRequest(`the dataset version does not fit the mapping: ${(e as Error).message}`, 'datasetVersionId');
    }
    if (extracted.inputs.n === 0) {
      const first = extracted.skipped[0];
      throw badRequest(`no row of the dataset version fits the mapping${first ? ` (row ${first.row + 1}, column '${first.column}': ${first.reason})` : ''}`, 'datasetVersionId');
    }
    // Statistics the spec leaves out are fitted on these rows, as a training run would.
    if (mapping.kind === 'featureSpec') spec = fitSpec(unfitted, extracted.inputs);
    raw = slice(extracted.inputs, PARITY_ROWS);
  } else {
    if (mapping.kind === 'featureSpec') throw badRequest('a feature-spec mapping needs the dataset version its statistics are fitted on and its parity is checked on', 'datasetVersionId');
    raw = syntheticRows(spec);
  }
  let mapped: ReturnType<typeof applyInputMapping>;
  try {
    mapped = applyInputMapping(bytes, mapping, spec);
  } catch (e) {
    if (e instanceof InputMappingError) throw badRequest(`input mapping: ${e.message}`, e.field);
    throw e;
  }
  let parity: MappingParity;
  try {
    parity = await mappingParity(mapped, spec, raw);
  } catch (e) {
    // onnxruntime refusing the rewritten graph on real rows (e.g. a width the model only checks when run).
    throw badRequest(`input mapping: the mapped model could not score the parity rows: ${(e as Error).message.split('\n')[0].slice(0, 500)}`, 'inputMapping');
  }
  if (parity.firstMismatch !== null) {
    throw badRequest(
      `input mapping: parity check failed: the mapped model differs from the uploaded one by ${parity.maxAbsDiff} (tolerance ${MAPPING_PARITY_TOLERANCE}), first at parity row ${parity.firstMismatch}`,
      'inputMapping',
    );
  }
  return {
    bytes: mapped.bytes,
    spec,
    parity,
    summary: { kind: mapping.kind, task: mapped.task, ...(mapped.score.classes ? { classes: mapped.score.classes } : {}), input: mapped.input.name, width: mapped.d, score: mapped.score.from, parityRows: parity.rows, parityMaxAbsDiff: parity.maxAbsDiff },
  };
}
