// Ships closed spool segments into Postgres in order: COPY into a temporary staging table,
// then INSERT … ON CONFLICT DO NOTHING into `predictions`, then delete the segment. A crash
// after the insert but before the delete replays the segment, and the conflict clause makes
// the replay a no-op, so each acknowledged prediction lands exactly once. While Postgres is
// down, segments wait on disk and shipping retries with backoff.
//
// A record Postgres refuses (a data error: a string jsonb cannot hold, a corrupt or torn line)
// never stops the log: the segment is split in halves until the refused lines are alone, those
// go to `prediction_quarantine` with Postgres's reason, and everything else ships.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { logger } from '@/server/observability/logger';
import { splitSegment, type Spool } from './spool';
import { PREDICTION_COLUMNS, recordToCsv, type PredictionRecord } from './prediction-record';

export interface ShipperHooks {
  onError?: (e: unknown) => void;
  /** A segment was shipped and removed (its records are in Postgres or quarantined). */
  onShipped?: (seq: number) => void;
  onQuarantine?: (n: number) => void;
  onTornTail?: () => void;
}

const log = logger({ component: 'log-shipper' });

/** The spooled JSON fields as the predictions table's columns (Postgres parses the JSON). */
const FROM_JSON = `(r->>'id')::uuid, (r->>'ts')::timestamptz, (r->>'model_id')::uuid, (r->>'version_id')::uuid, r->>'route',
  r->'inputs', r->'outputs', (r->>'latency_ms')::real, r->>'request_key', CASE WHEN jsonb_typeof(r->'context') = 'object' THEN r->'context' END`;

/** Postgres refused the data itself (SQLSTATE classes 22 data exception, 23 integrity), not the connection. */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * Copies raw spooled JSON lines (one record each) into the log: each line becomes one quoted
 * CSV field of a staging table, then one INSERT … SELECT extracts the columns. The serving
 * process never parses the JSON it ships.
 */
export function copyJsonLines(client: pg.PoolClient | pg.Client, lines: string[]): Promise<number> {
  return copyStaged(client, 'csv', (function* () {
    // Split on '\n' only: JSON.stringify leaves U+2028/U+2029 raw, and a regex "line"
    // would end there and break the quoting.
    for (let i = 0; i < lines.length; i += 2000) yield lines.slice(i, i + 2000).map((l) => `"${l.replace(/"/g, '""')}"\n`).join('');
  })());
}

/**
 * Whether a segment's bytes can go to COPY (FORMAT text) exactly as they are, one line per row:
 * complete lines, none empty, and no backslash (text format's only escape character; JSON
 * writes every control character, tab and newline included, as a backslash escape, so a line
 * without one holds none of them). Such a segment ships without being split or quoted.
 */
export function shipsRaw(buf: Buffer): boolean {
  return buf.length > 0 && buf[0] !== 0x0a && buf[buf.length - 1] === 0x0a && buf.indexOf(0x5c) < 0 && buf.indexOf('\n\n') < 0;
}

/** Copies a whole segment's bytes (shipsRaw) into the log; Postgres splits and parses the lines. */
export function copyRawSegment(client: pg.PoolClient | pg.Client, buf: Buffer): Promise<number> {
  return copyStaged(client, 'text', (function* () {
    for (let at = 0; at < buf.length; at += 1 << 20) yield buf.subarray(at, Math.min(buf.length, at + (1 << 20)));
  })());
}

/** COPY into the one-jsonb-column staging table, then INSERT … SELECT the columns, in one transaction. */
async function copyStaged(client: pg.PoolClient | pg.Client, format: 'csv' | 'text', chunks: Iterable<string | Buffer>): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS predictions_json_staging (r jsonb) ON COMMIT DELETE ROWS`);
    const stream = client.query(copyFrom(`COPY predictions_json_staging (r) FROM STDIN (FORMAT ${format})`));
    await pipeline(Readable.from(chunks), stream);
    const res = await client.query(`INSERT INTO predictions (${PREDICTION_COLUMNS}) SELECT ${FROM_JSON} FROM predictions_json_staging ON CONFLICT DO NOTHING`);
    await client.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (e) {
    await client.query('ROLLBACK').catch((e2: unknown) => log.warn({ err: e2 }, 'rollback after a failed COPY failed'));
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
    await client.query('ROLLBACK').catch((e2: unknown) => log.warn({ err: e2 }, 'rollback after a failed COPY failed'));
    throw e;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RAW_LIMIT = 64 * 1024;

/** What a quarantined line says about itself, when it parses at all. */
function describeLine(line: string): { modelId: string | null; recordId: string | null; parses: boolean } {
  try {
    const r = JSON.parse(line) as { model_id?: unknown; id?: unknown } | null;
    const s = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v : null);
    return { modelId: s(r?.model_id), recordId: s(r?.id), parses: true };
  } catch {
    return { modelId: null, recordId: null, parses: false };
  }
}

async function quarantine(client: pg.PoolClient, instance: string, segment: string, lineNo: number, line: string, reason: string): Promise<void> {
  const { modelId, recordId, parses } = describeLine(line);
  // The raw line is kept as text Postgres can hold: NUL bytes (a corrupt file) become U+FFFD.
  const raw = line.slice(0, RAW_LIMIT).replace(/\0/g, '\ufffd');
  await client.query(
    `INSERT INTO prediction_quarantine (instance, segment, line, model_id, record_id, reason, raw)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (instance, segment, line) DO NOTHING`,
    [instance, segment, lineNo, modelId, recordId, parses ? reason : `not a complete JSON record (torn or corrupt line): ${reason}`, raw],
  );
}

export class LogShipper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private backoffMs = 0;
  lastError: string | null = null;
  shipped = 0;
  quarantined = 0;

  constructor(
    private readonly spool: Spool,
    private readonly pool: pg.Pool,
    private readonly intervalMs: number,
    private readonly hooks: ShipperHooks = {},
    private readonly instance = path.basename(spool.dir),
  ) {}

  start(): void {
    const tick = () => {
      this.shipOnce()
        .catch((e: unknown) => log.warn({ err: e }, 'shipping pass failed; retrying'))
        .finally(() => {
          this.timer = setTimeout(tick, this.backoffMs || this.intervalMs);
          this.timer.unref();
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
    this.timer.unref();
  }

  /** Ships every closed segment now (one pass at a time). */
  shipOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** Seals the active segment and ships everything acknowledged so far (shutdown, tests). */
  async drain(): Promise<void> {
    await this.spool.sealActive();
    await this.running;
    await this.shipOnce();
  }

  /** Ships lines[lo, hi); a data error splits the range until the refused lines stand alone. */
  private async shipRange(client: pg.PoolClient, segment: string, lines: string[], lineNos: number[], lo: number, hi: number): Promise<void> {
    try {
      await copyJsonLines(client, lines.slice(lo, hi));
    } catch (e) {
      if (!isDataError(e)) throw e;
      if (hi - lo === 1) {
        await quarantine(client, this.instance, segment, lineNos[lo], lines[lo], (e as Error).message);
        this.quarantined++;
        this.hooks.onQuarantine?.(1);
        log.error({ segment, line: lineNos[lo], reason: (e as Error).message }, 'prediction record quarantined: Postgres refused it');
        return;
      }
      const mid = (lo + hi) >>> 1;
      await this.shipRange(client, segment, lines, lineNos, lo, mid);
      await this.shipRange(client, segment, lines, lineNos, mid, hi);
    }
  }

  /** Ships a segment whose bytes can go to COPY as they are; false when Postgres refused some of its data. */
  private async shipRaw(buf: Buffer): Promise<boolean> {
    let client: pg.PoolClient | null = null;
    const onClientError = (e: unknown) => log.warn({ err: e }, 'shipping connection lost');
    try {
      client = await this.pool.connect();
      client.on('error', onClientError);
      await copyRawSegment(client, buf);
    } catch (e) {
      client?.removeListener('error', onClientError);
      client?.release(isDataError(e) ? undefined : true);
      if (isDataError(e)) return false; // the line-by-line path finds and quarantines the refused lines
      throw e;
    }
    client.removeListener('error', onClientError);
    client.release();
    return true;
  }

  private async pass(): Promise<void> {
    for (const seg of await this.spool.closedSegments()) {
      // The common case: the segment's bytes go to Postgres as they are (no split, no quoting).
      const buf = await fsp.readFile(seg.file);
      let raw = false;
      if (shipsRaw(buf)) {
        try {
          raw = await this.shipRaw(buf);
        } catch (e) {
          this.lastError = e instanceof Error ? e.message : String(e);
          this.backoffMs = Math.min(5000, Math.max(200, this.backoffMs * 2));
          this.hooks.onError?.(e);
          return; // keep order: retry this segment first next time
        }
      }
      if (raw) {
        let n = 0;
        for (let at = buf.indexOf(0x0a); at >= 0; at = buf.indexOf(0x0a, at + 1)) n++;
        this.shipped += n;
        this.spool.unshippedRecords = Math.max(0, this.spool.unshippedRecords - n);
        await fsp.rm(seg.file, { force: true });
        this.spool.removed(buf.length);
        this.hooks.onShipped?.(seg.seq);
        this.backoffMs = 0;
        this.lastError = null;
        continue;
      }
      const { lines, lineNos, tornTail, bytes } = splitSegment(buf);
      if (tornTail) {
        // Only a crash mid-write leaves one; that write was never acknowledged.
        log.warn({ segment: path.basename(seg.file) }, 'dropping the torn last line of a spool segment (never acknowledged)');
        this.hooks.onTornTail?.();
      }
      if (lines.length) {
        let client: pg.PoolClient | null = null;
        // pg-pool drops its own error listener while a client is checked out: without ours a
        // lost connection (Postgres stopping) would be an unhandled 'error' that kills serving.
        const onClientError = (e: unknown) => log.warn({ err: e }, 'shipping connection lost');
        try {
          client = await this.pool.connect();
          client.on('error', onClientError);
          await this.shipRange(client, path.basename(seg.file), lines, lineNos, 0, lines.length);
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
        this.shipped += lines.length;
        this.spool.unshippedRecords = Math.max(0, this.spool.unshippedRecords - lines.length);
      }
      await fsp.rm(seg.file, { force: true });
      this.spool.removed(bytes);
      this.hooks.onShipped?.(seg.seq);
      this.backoffMs = 0;
      this.lastError = null;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
