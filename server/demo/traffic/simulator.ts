// The demo traffic simulator: each tick sends a few loan applications to the served model
// (one request per applicant, sticky request key, gender as logged-only context), remembers
// each prediction's true outcome, and reports outcomes as feedback after a delay — the way
// labels arrive late in real lending. Its state lives in Redis so any worker can run a tick.
import type { Redis } from 'ioredis';
import { simulateApplicant } from '../loan-data';
import { LOAN_FEATURE_SPEC } from '../loan-spec';
import { intensityAt, type ShiftSchedule } from './schedule';

export interface TrafficConfig extends ShiftSchedule {
  serveUrl: string;
  key: string;
  model: string;
  requestsPerTick: number;
  labelDelayMs: number;
  seed: number;
  keyPrefix: string;
}

export interface TickResult {
  sent: number;
  failed: number;
  labelsSent: number;
  intensity: number;
  status: 'ok' | 'model-not-served' | 'serve-unreachable';
}

const FEATURES = LOAN_FEATURE_SPEC.inputs.map((i) => i.name);

export async function trafficTick(redis: Redis, cfg: TrafficConfig, now = Date.now()): Promise<TickResult> {
  const stateKey = `${cfg.keyPrefix}:demo-traffic:state`;
  const labelsKey = `${cfg.keyPrefix}:demo-traffic:labels`;
  await redis.hsetnx(stateKey, 'startedAt', String(now));
  const startedAt = Number(await redis.hget(stateKey, 'startedAt'));
  const intensity = intensityAt(now - startedAt, cfg);
  const first = (await redis.hincrby(stateKey, 'nextIndex', cfg.requestsPerTick)) - cfg.requestsPerTick;
  const result: TickResult = { sent: 0, failed: 0, labelsSent: 0, intensity, status: 'ok' };
  const headers = { authorization: `Bearer ${cfg.key}`, 'content-type': 'application/json' };

  await Promise.all(
    Array.from({ length: cfg.requestsPerTick }, async (_, k) => {
      const a = simulateApplicant(cfg.seed, first + k, { shift: intensity > 0 ? 'holiday' : 'none', intensity });
      const row: Record<string, unknown> = {};
      for (const f of FEATURES) row[f] = a.row[f as keyof typeof a.row];
      try {
        const res = await fetch(`${cfg.serveUrl}/v1/models/${cfg.model}/predict`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ rows: [row], request_key: a.row.applicant_id, context: [{ gender: a.row.gender, applicant_id: a.row.applicant_id }] }),
        });
        if (res.status === 404) result.status = 'model-not-served';
        if (!res.ok) {
          result.failed++;
          return;
        }
        const body = (await res.json()) as { predictions: { prediction_id: string }[] };
        result.sent++;
        await redis.zadd(labelsKey, now + cfg.labelDelayMs, JSON.stringify({ id: body.predictions[0].prediction_id, label: a.row.default }));
      } catch {
        result.failed++;
        result.status = 'serve-unreachable';
      }
    }),
  );

  // Outcomes that are now "known" go back as feedback.
  const due = await redis.zrangebyscore(labelsKey, 0, now, 'LIMIT', 0, 1000);
  if (due.length) {
    const labels = due.map((d) => JSON.parse(d) as { id: string; label: number }).map((d) => ({ prediction_id: d.id, label: d.label }));
    try {
      const res = await fetch(`${cfg.serveUrl}/v1/feedback`, { method: 'POST', headers, body: JSON.stringify({ labels }) });
      if (res.ok) {
        await redis.zrem(labelsKey, ...due);
        result.labelsSent = labels.length;
      }
    } catch {
      /* retried next tick */
    }
  }
  return result;
}
