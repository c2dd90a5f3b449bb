// The predict answer written as text directly: the same document as JSON.stringify of
// {model, model_version, predictions: [{prediction_id, model_version, ...outputs, unseen?}]},
// without building an object per prediction first. The outputs object (score and label, or
// whatever a model kind logs) is spliced in as it serialises.
import type { PredictionRecord } from './prediction-record';

export function predictResponseText(model: string, version: number, records: Pick<PredictionRecord, 'id' | 'outputs'>[], unseen: (string[] | null)[]): string {
  let out = `{"model":${JSON.stringify(model)},"model_version":${version},"predictions":[`;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const outputs = JSON.stringify(r.outputs);
    // '{}' → nothing to splice; otherwise the fields without their braces.
    const fields = outputs.length > 2 ? `,${outputs.slice(1, -1)}` : '';
    const u = unseen[i];
    out += `${i ? ',' : ''}{"prediction_id":"${r.id}","model_version":${version}${fields}${u ? `,"unseen":${JSON.stringify(u)}` : ''}}`;
  }
  return out + ']}';
}
