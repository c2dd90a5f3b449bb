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
import { readSegmentLines, type Spool } from './spool';
import { PREDICTION_COLUMNS, recordToCsv, type PredictionRecord } from './prediction-record';

export interface ShipperHooks {
  onError?: (e: unknown) => void;
}

/** The spooled JSON fields as the predictions table's columns (Postgres parses the JSON). */
const FROM_JSON = `(r->>'id')::uuid, (r->>'ts')::timestamptz, (r->>'model_id')::uuid, (r->>'version_id')::uuid, r->>'route',
  r->'inputs', r->'outputs', (r->>'latency_ms')::real, r->>'request_key', CASE WHEN jsonb_typeof(r->'context') = 'object' THEN r->'context' END`;

/**
 * Copies raw spooled JSON lines (one record per line) into the log: each line becomes one
 * quoted CSV field of a staging table, then one INSERT … SELECT extracts the columns. The
 * serving process never parses the JSON it ships.
 */
export async function copyJsonLines(client: pg.PoolClient | pg.Client, text: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS predictions_json_staging (r jsonb) ON COMMIT DELETE ROWS`);
    const stream = client.query(copyFrom(`COPY predictions_json_staging (r) FROM STDIN (FORMAT csv)`));
    await pipeline(Readable.from((function* () {
      const CHUNK = 1 << 20;
      for (let at = 0; at < text.length; ) {
        let end = text.indexOf('\n', Math.min(text.length - 1, at + CHUNK));
        if (end === -1) end = text.length - 1;
        const part = text.slice(at, end + 1);
        // Every line becomes one quoted CSV field ("" escapes a quote).
        yield part.replace(/"/g, '""').replace(/^(.+)$/gm, '"$1"');
        at = end + 1;
      }
    })()), stream);
    const res = await client.query(`INSERT INTO predictions (${PREDICTION_COLUMNS}) SELECT ${FROM_JSON} FROM predictions_json_staging ON CONFLICT DO NOTHING`);
    await client.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
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
    const tick = () => {
      this.shipOnce()
        .catch(() => undefined)
        .finally(() => {
          this.timer = setTimeout(tick, this.backoffMs || this.intervalMs);
          this.timer.unref();
        });
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
      const { text, lines } = await readSegmentLines(seg.file);
      if (lines) {
        let client: pg.PoolClient | null = null;
        // pg-pool drops its own error listener while a client is checked out: without ours a
        // lost connection (Postgres stopping) would be an unhandled 'error' that kills serving.
        const onClientError = () => {};
        try {
          client = await this.pool.connect();
          client.on('error', onClientError);
          await copyJsonLines(client, text);
        } catch (e) {
          this.lastError = e instanceof Error ? e.message : String(e);
          this.backoffMs = Math.min(5000, Math.max(200, this.backoffMs * 2));
          this.hooks.onError?.(e);
          client?.removeListener('error', onClientError);
          client?.release(true);
          return; // keep order: retry this segment first next time
        }
        client.removeListener('error', onClientError);
        client.release();
        this.shipped += lines;
        this.spool.unshippedRecords = Math.max(0, this.spool.unshippedRecords - lines);
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
