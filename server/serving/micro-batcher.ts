// Micro-batching: rows from requests that arrive in the same moment are concatenated into one
// `session.run`, because per-call overhead dominates single-row cost. onnxruntime-node runs on
// the event loop, so a big request is cut into chunks of at most `maxRows`, and the loop yields
// between chunks: a 10,000-row request cannot stall single-row requests behind it.
import * as ort from 'onnxruntime-node';
import type { ModelSignature } from '@/server/ml/onnx/signature';

interface Pending {
  n: number;
  columns: Map<string, Float64Array | string[]>;
  resolve: (scores: Float64Array) => void;
  reject: (e: unknown) => void;
}

export class MicroBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Sizes of the batches run, for metrics. */
  onBatch?: (rows: number) => void;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly sig: ModelSignature,
    private readonly maxRows: number,
  ) {}

  /** Scores n rows (given as model input columns); resolves with P(class 1) per row. */
  async score(n: number, columns: Map<string, Float64Array | string[]>): Promise<Float64Array> {
    if (n <= this.maxRows) return this.enqueue(n, columns);
    const out = new Float64Array(n);
    for (let start = 0; start < n; start += this.maxRows) {
      const end = Math.min(n, start + this.maxRows);
      const part = new Map<string, Float64Array | string[]>();
      for (const [k, v] of columns) part.set(k, v.slice(start, end) as Float64Array | string[]);
      out.set(await this.enqueue(end - start, part), start);
    }
    return out;
  }

  private enqueue(n: number, columns: Map<string, Float64Array | string[]>): Promise<Float64Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ n, columns, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after pending I/O callbacks: requests parsed in this loop turn join the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length && (batch.length === 0 || rows + this.queue[0].n <= this.maxRows)) {
      const p = this.queue.shift()!;
      batch.push(p);
      rows += p.n;
    }
    try {
      const scores = await this.run(batch, rows);
      let at = 0;
      for (const p of batch) {
        p.resolve(scores.subarray(at, at + p.n));
        at += p.n;
      }
      this.onBatch?.(rows);
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
    if (this.queue.length) setImmediate(() => void this.flush());
    else this.scheduled = false;
  }

  private async run(batch: Pending[], rows: number): Promise<Float64Array> {
    const sig = this.sig;
    if (sig.inputs.kind !== 'columns') throw new Error('micro-batching needs a column-input model');
    const feeds: Record<string, ort.Tensor> = {};
    for (const inp of sig.inputs.inputs) {
      const dims = inp.rank === 2 ? [rows, 1] : [rows];
      if (inp.elem === 'string') {
        const data: string[] = [];
        for (const p of batch) for (const v of p.columns.get(inp.name) as string[]) data.push(v);
        feeds[inp.name] = new ort.Tensor('string', data, dims);
      } else if (inp.elem === 'int64') {
        const data = new BigInt64Array(rows);
        let at = 0;
        for (const p of batch) for (const v of p.columns.get(inp.name) as Float64Array) data[at++] = BigInt(Math.trunc(v));
        feeds[inp.name] = new ort.Tensor('int64', data, dims);
      } else {
        const data = inp.elem === 'float' ? new Float32Array(rows) : new Float64Array(rows);
        let at = 0;
        for (const p of batch) {
          data.set(p.columns.get(inp.name) as Float64Array, at);
          at += p.n;
        }
        feeds[inp.name] = inp.elem === 'float' ? new ort.Tensor('float32', data, dims) : new ort.Tensor('float64', data, dims);
      }
    }
    const out = await this.session.run(feeds, [sig.output.name]);
    const t = out[sig.output.name];
    const data = t.data as Float32Array | Float64Array;
    const scores = new Float64Array(rows);
    const w = sig.output.width;
    for (let i = 0; i < rows; i++) scores[i] = data[i * w + sig.output.column];
    return scores;
  }
}
