// Ships closed spool segments into Postgres in order: COPY into a temporary staging table,
// then INSERT … ON CONFLICT DO NOTHING into `predictions`, then delete the segment. A crash
// after the insert but before the delete replays the segment, and the conflict clause makes
// the replay a no-op, so each acknowledged prediction lands exactly once. While Postgres is
// down, segments wait on disk and shipping retries with backoff.
import fsp from 'node:fs/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { readSegment, type Spool } from './spool';
import { PREDICTION_COLUMNS, recordToCsv, type PredictionRecord } from './prediction-record';

export interface ShipperHooks {
  /** Called after records are committed to Postgres (monitoring rollups hook in here). */
  onShipped?: (records: PredictionRecord[]) => void | Promise<void>;
  onError?: (e: unknown) => void;
}

export async function copyRecords(client: pg.PoolClient | pg.Client, records: PredictionRecord[]): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS predictions_staging (LIKE predictions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
    const stream = client.query(copyFrom(`COPY predictions_staging (${PREDICTION_COLUMNS}) FROM STDIN (FORMAT csv)`));
    await pipeline(Readable.from((function* () {
      for (let i = 0; i < records.length; i += 500) yield records.slice(i, i + 500).map(recordToCsv).join('\n') + '\n';
    })()), stream);
    const res = await client.query(`INSERT INTO predictions (${PREDICTION_COLUMNS}) SELECT ${PREDICTION_COLUMNS} FROM predictions_staging ON CONFLICT DO NOTHING`);
    await client.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

export class LogShipper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private backoffMs = 0;
  lastError: string | null = null;
  shipped = 0;

  constructor(
    private readonly spool: Spool,
    private readonly pool: pg.Pool,
    private readonly intervalMs: number,
    private readonly hooks: ShipperHooks = {},
  ) {}

  start(): void {
    const tick = async () => {
      await this.shipOnce();
      this.timer = setTimeout(tick, this.backoffMs || this.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, this.intervalMs);
    this.timer.unref();
  }

  /** Ships every closed segment now (one pass at a time). Resolves true when nothing is left. */
  shipOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** Seals the active segment and ships everything acknowledged so far (feedback, shutdown). */
  async drain(): Promise<void> {
    await this.spool.sealActive();
    await this.running;
    await this.shipOnce();
  }

  private async pass(): Promise<void> {
    for (const seg of await this.spool.closedSegments()) {
      const records = (await readSegment(seg.file)) as PredictionRecord[];
      if (records.length) {
        let client: pg.PoolClient | null = null;
        try {
          client = await this.pool.connect();
          await copyRecords(client, records);
        } catch (e) {
          this.lastError = e instanceof Error ? e.message : String(e);
          this.backoffMs = Math.min(5000, Math.max(200, this.backoffMs * 2));
          this.hooks.onError?.(e);
          client?.release(true);
          return; // keep order: retry this segment first next time
        }
        client.release();
        this.shipped += records.length;
        this.spool.unshippedRecords = Math.max(0, this.spool.unshippedRecords - records.length);
        await this.hooks.onShipped?.(records);
      }
      await fsp.rm(seg.file, { force: true });
      this.backoffMs = 0;
      this.lastError = null;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
