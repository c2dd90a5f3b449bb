// Rejected requests per model, minute and reason, written to Postgres every few seconds so
// monitoring can chart them next to the served traffic (the hot path only bumps a counter).
import type pg from 'pg';
import { logger } from '@/server/observability/logger';

const log = logger({ component: 'rejection-log' });

export class RejectionLog {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pool: pg.Pool) {}

  add(model: string, reason: string, n = 1): void {
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const k = `${model}\u0000${minute}\u0000${reason}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }

  start(everyMs = 5000): void {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (!this.counts.size) return;
    const batch = this.counts;
    this.counts = new Map();
    const rows = [...batch].map(([k, count]) => {
      const [model_name, minute, reason] = k.split('\u0000');
      return { model_name, minute, reason, count };
    });
    try {
      await this.pool.query(
        `INSERT INTO serving_rejections (model_name, minute, reason, count)
         SELECT x.model_name, x.minute, x.reason, x.count FROM jsonb_to_recordset($1::jsonb) AS x(model_name text, minute timestamptz, reason text, count int)
         ON CONFLICT (model_name, minute, reason) DO UPDATE SET count = serving_rejections.count + EXCLUDED.count`,
        [JSON.stringify(rows)],
      );
    } catch (e) {
      // Postgres away: keep the counts for the next flush.
      log.warn({ err: e }, 'could not write rejection counts; kept for the next flush');
      for (const [k, n] of batch) this.counts.set(k, (this.counts.get(k) ?? 0) + n);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
