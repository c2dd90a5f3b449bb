// Micro-batching: rows from requests that arrive in the same moment are concatenated into one
// `session.run`, because per-call overhead dominates single-row cost. onnxruntime-node runs on
// the event loop, so a big request is cut into chunks of at most `maxRows`, and the loop yields
// between chunks: a 10,000-row request cannot stall single-row requests behind it.
import type * as ort from 'onnxruntime-node';
import { outputWidth, type ModelSignature } from '@/server/ml/onnx/signature';
import { buildColumnFeeds } from '@/server/scoring/feeds';
import { readScores } from '@/server/scoring/task-outputs';

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

  /** Values per scored row: 1, or k class probabilities (server/scoring/task-outputs.ts). */
  readonly width: number;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly sig: ModelSignature,
    private readonly maxRows: number,
  ) {
    this.width = outputWidth(sig.output);
  }

  /** Scores n rows (given as model input columns); resolves with n × width values, row-major. */
  async score(n: number, columns: Map<string, Float64Array | string[]>): Promise<Float64Array> {
    if (n <= this.maxRows) return this.enqueue(n, columns);
    const w = this.width;
    const out = new Float64Array(n * w);
    for (let start = 0; start < n; start += this.maxRows) {
      const end = Math.min(n, start + this.maxRows);
      const part = new Map<string, Float64Array | string[]>();
      for (const [k, v] of columns) part.set(k, v.slice(start, end) as Float64Array | string[]);
      out.set(await this.enqueue(end - start, part), start * w);
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
      const w = this.width;
      let at = 0;
      for (const p of batch) {
        p.resolve(scores.subarray(at * w, (at + p.n) * w));
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
    const out = await this.session.run(buildColumnFeeds(sig.inputs.inputs, batch), [sig.output.name]);
    return readScores(sig.output, out, rows);
  }
}
