// The one place onnxruntime feeds are built for a column-input model (one [N,1] or [N] tensor per
// raw column): serving's micro-batcher, batch scoring, evaluations and reference profiles (through
// it), `vigil predict`, and the parity checks of mapped uploads all call this.
//
// A column arrives as numbers (NaN = missing) or as strings (null or '' = missing, fed as ''; the
// preprocessing reads '' as missing). Several parts (requests joined into one micro-batch) are
// concatenated in order.
import * as ort from 'onnxruntime-node';
import type { ColumnInput } from '@/server/ml/onnx/signature';

export type FeedColumn = Float64Array | ArrayLike<string | null>;

export interface FeedPart {
  n: number;
  columns: ReadonlyMap<string, FeedColumn>;
}

type FeedInput = Pick<ColumnInput, 'name' | 'elem' | 'rank'>;

export function buildColumnFeeds(inputs: readonly FeedInput[], parts: readonly FeedPart[]): Record<string, ort.Tensor> {
  let rows = 0;
  for (const p of parts) rows += p.n;
  const feeds: Record<string, ort.Tensor> = {};
  for (const inp of inputs) {
    const dims = inp.rank === 2 ? [rows, 1] : [rows];
    const cols = parts.map((p) => {
      const c = p.columns.get(inp.name);
      if (!c) throw new Error(`no data for input '${inp.name}'`);
      return c;
    });
    if (inp.elem === 'string') {
      const data = new Array<string>(rows);
      let at = 0;
      for (const c of cols) for (let i = 0; i < c.length; i++) data[at++] = (c[i] as string | null) ?? '';
      feeds[inp.name] = new ort.Tensor('string', data, dims);
    } else if (inp.elem === 'int64') {
      const data = new BigInt64Array(rows);
      let at = 0;
      for (const c of cols) for (let i = 0; i < c.length; i++) data[at++] = BigInt(Math.trunc(Number(c[i] ?? 0)));
      feeds[inp.name] = new ort.Tensor('int64', data, dims);
    } else {
      const data = inp.elem === 'float' ? new Float32Array(rows) : new Float64Array(rows);
      let at = 0;
      for (const c of cols) {
        if (c instanceof Float64Array) data.set(c, at);
        else for (let i = 0; i < c.length; i++) data[at + i] = c[i] === null || c[i] === '' ? NaN : Number(c[i]);
        at += c.length;
      }
      feeds[inp.name] = inp.elem === 'float' ? new ort.Tensor('float32', data, dims) : new ort.Tensor('float64', data, dims);
    }
  }
  return feeds;
}
