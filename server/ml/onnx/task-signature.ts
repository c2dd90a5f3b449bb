// Which task a model serves and where its outputs are, for `vigil predict`. Vigil's multiclass and
// regression models say so in metadata (`vigil.task`, `vigil.classes`, written by
// ./export-model.ts); any other model is read as binary by ./signature.ts's rules.
import { METADATA_CLASSES, METADATA_TASK } from './export-model';
import { decodeModel, describe, readInputs, readOutput, SignatureError, tensorInfo, type ModelInputs } from './signature';
import type { FeatureSpec } from '../features/spec';

export type TaskOutputs =
  | { task: 'binary'; name: string; column: number; width: number }
  | { task: 'multiclass'; probabilities: string; label: string | null; classes: string[] }
  | { task: 'regression'; name: string };

export interface TaskSignature {
  inputs: ModelInputs;
  spec: FeatureSpec | null;
  outputs: TaskOutputs;
}

export function readTaskSignature(bytes: Uint8Array): TaskSignature {
  const { model, graph, spec, feeds } = decodeModel(bytes);
  const meta = new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  const outputs = graph.output ?? [];
  const byName = (name: string) => outputs.find((o) => o.name === name);
  const task = meta.get(METADATA_TASK) ?? 'binary';
  const inputs = readInputs(feeds, spec);
  if (task === 'multiclass') {
    const probs = byName('probabilities');
    const info = probs ? tensorInfo(probs) : null;
    if (!probs || !info || info.elem !== 1 || info.dims.length !== 2) {
      throw new SignatureError(`a multiclass model needs a float [N,k] output 'probabilities' (outputs: ${outputs.map(describe).join('; ')})`);
    }
    let classes: unknown;
    try {
      classes = JSON.parse(meta.get(METADATA_CLASSES) ?? 'null');
    } catch {
      classes = null;
    }
    if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string') || new Set(classes).size !== classes.length) {
      throw new SignatureError(`a multiclass model needs its class names in metadata '${METADATA_CLASSES}' (a JSON array of at least 2 distinct strings)`);
    }
    if (typeof info.dims[1] === 'number' && info.dims[1] !== classes.length) {
      throw new SignatureError(`'probabilities' has ${info.dims[1]} columns but the metadata lists ${classes.length} classes`);
    }
    return { inputs, spec, outputs: { task: 'multiclass', probabilities: 'probabilities', label: byName('label') ? 'label' : null, classes: classes as string[] } };
  }
  if (task === 'regression') {
    if (!byName('prediction')) throw new SignatureError(`a regression model needs an output 'prediction' (outputs: ${outputs.map(describe).join('; ')})`);
    return { inputs, spec, outputs: { task: 'regression', name: 'prediction' } };
  }
  if (task !== 'binary') throw new SignatureError(`unknown task '${task}' in metadata '${METADATA_TASK}'`);
  return { inputs, spec, outputs: { task: 'binary', ...readOutput(outputs) } };
}
