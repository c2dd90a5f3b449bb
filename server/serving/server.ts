// The serving gateway's HTTP server: Vigil's JSON predict API, the Open Inference Protocol V2
// (KServe / Triton / Seldon clients), the feedback API, health and /metrics. A prediction is
// answered only after its log record is durable in the spool (see spool.ts).
import http from 'node:http';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Db } from '@/server/db/client';
import type { ServingKeyGrant } from '@/server/services/serving-keys/serving-keys';
import { bearer, HttpError, readJson, sendJson } from './http-util';
import { InputError, validateRows, type ValidationOptions } from './input-validation';
import type { KeyCache } from './key-cache';
import type { LoadedVersion } from './loaded-version';
import type { LogShipper } from './log-shipper';
import { oipInputsToRows, oipModelMetadata, oipOutputs } from './oip';
import { chooseRoute } from './routing';
import { scoreBatch } from './scoring';
import type { ServingMetrics } from './serving-metrics';
import type { ServingState } from './serving-state';
import type { Spool } from './spool';
import type { RejectionLog } from './rejection-log';

export interface ServingConfig extends ValidationOptions {
  maxBodyBytes: number;
  maxFeedbackLabels: number;
}

export interface ServingDeps {
  db: Db;
  pool: pg.Pool;
  state: ServingState;
  spool: Spool;
  shipper: LogShipper;
  keys: KeyCache;
  metrics: ServingMetrics;
  registry: Registry;
  config: ServingConfig;
  ready: () => boolean;
  log: (s: string) => void;
  rejections: RejectionLog;
}

interface Target {
  version: LoadedVersion;
  route: 'production' | 'canary' | 'explicit';
  modelId: string;
  shadow: LoadedVersion | null;
}

export function createServingServer(d: ServingDeps): http.Server {
  async function authorize(req: http.IncomingMessage): Promise<ServingKeyGrant> {
    const key = bearer(req);
    if (!key) throw new HttpError(401, 'missing API key: send Authorization: Bearer <key> (create keys in Settings → Serving keys)');
    const grant = await d.keys.check(key);
    if (!grant) throw new HttpError(401, 'invalid or revoked API key');
    return grant;
  }

  function allowed(grant: ServingKeyGrant, modelId: string): boolean {
    return grant.allModels || grant.modelIds.has(modelId);
  }

  async function resolveTarget(grant: ServingKeyGrant, name: string, version: number | null, requestKey: string | null): Promise<Target> {
    if (version !== null) {
      const v = await d.state.explicitVersion(name, version);
      if (!v) throw new HttpError(404, `model '${name}' has no version ${version}`);
      if (!allowed(grant, v.modelId)) throw new HttpError(403, `this API key may not call model '${name}'`);
      return { version: v, route: 'explicit', modelId: v.modelId, shadow: null };
    }
    const route = d.state.routes.get(name);
    const chosen = route && chooseRoute(route, requestKey);
    if (!route || !chosen) throw new HttpError(404, `model '${name}' is not served: no version holds its production alias`);
    if (!allowed(grant, route.modelId)) throw new HttpError(403, `this API key may not call model '${name}'`);
    return { version: chosen.version, route: chosen.route, modelId: route.modelId, shadow: route.shadow };
  }

  /** Scores on the shadow version off the response path: logged, never returned. */
  function shadowScore(shadow: LoadedVersion, rows: unknown[], requestKey: string | null, context: (Record<string, unknown> | null)[] | null, shadowOf: string[]): void {
    const started = performance.now();
    setImmediate(() => void (async () => {
      try {
        const batch = validateRows(shadow.signature, rows, { ...d.config, unknownFields: 'ignore' });
        // Each shadow record names the production prediction it shadows, so evidence pairs are exact.
        const ctx = shadowOf.map((id, i) => ({ ...(context?.[i] ?? {}), shadow_of: id }));
        const { records } = await scoreBatch(shadow, batch, 'shadow', { requestKey, context: ctx, started });
        await d.spool.append(records);
        d.metrics.rows.inc({ model: shadow.modelName, version: String(shadow.version), route: 'shadow' }, batch.n);
      } catch (e) {
        d.metrics.rejected.inc({ model: shadow.modelName, reason: e instanceof InputError ? `shadow_${e.reason}` : 'shadow_error' });
      }
    })());
  }

  /** Validate → score → durable log → answer; shared by the JSON API and OIP infer. */
  async function predict(name: string, grant: ServingKeyGrant, rows: unknown, opts: { version: number | null; requestKey: string | null; context: unknown; started: number }) {
    const target = await resolveTarget(grant, name, opts.version, opts.requestKey);
    const v = target.version;
    const labels = { model: name, version: String(v.version), route: target.route };
    let batch;
    try {
      batch = validateRows(v.signature, rows, d.config);
    } catch (e) {
      if (e instanceof InputError) {
        d.metrics.rejected.inc({ model: name, reason: e.reason });
        // Canary rejections are kept apart so canary analysis can compare error rates.
        d.rejections.add(name, target.route === 'canary' ? `canary:${e.reason}` : e.reason);
        d.metrics.requests.inc({ ...labels, status: '400' });
        throw new HttpError(400, e.message, { problems: e.problems });
      }
      throw e;
    }
    let context: (Record<string, unknown> | null)[] | null = null;
    if (opts.context !== undefined && opts.context !== null) {
      if (!Array.isArray(opts.context) || opts.context.length !== batch.n || !opts.context.every((c) => c === null || (typeof c === 'object' && !Array.isArray(c)))) {
        throw new HttpError(400, `context: must be an array of ${batch.n} objects (one per row) or null`);
      }
      context = opts.context as (Record<string, unknown> | null)[];
    }
    const { records } = await scoreBatch(v, batch, target.route, { requestKey: opts.requestKey, context, started: opts.started });
    await d.spool.append(records); // durable before we answer
    d.metrics.backlog.set(d.spool.unshippedRecords);
    d.metrics.rows.inc(labels, batch.n);
    d.metrics.requests.inc({ ...labels, status: '200' });
    d.metrics.latency.observe({ model: name, version: String(v.version) }, (performance.now() - opts.started) / 1000);
    if (target.shadow && target.shadow.versionId !== v.versionId) shadowScore(target.shadow, rows as unknown[], opts.requestKey, context, records.map((r) => r.id));
    return { v, records };
  }

  async function handlePredict(req: http.IncomingMessage, res: http.ServerResponse, name: string, started: number) {
    const grant = await authorize(req);
    const body = await readJson(req, d.config.maxBodyBytes);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object: { "rows": [ { field: value, … } ] }');
    const b = body as Record<string, unknown>;
    const known = new Set(['rows', 'version', 'request_key', 'context']);
    const extra = Object.keys(b).filter((k) => !known.has(k));
    if (extra.length) throw new HttpError(400, `unknown top-level field(s): ${extra.join(', ')} (allowed: rows, version, request_key, context)`);
    if (b.version !== undefined && (typeof b.version !== 'number' || !Number.isInteger(b.version) || b.version < 1)) throw new HttpError(400, 'version: must be a positive integer');
    if (b.request_key !== undefined && typeof b.request_key !== 'string') throw new HttpError(400, 'request_key: must be a string');
    const { v, records } = await predict(name, grant, b.rows, { version: (b.version as number) ?? null, requestKey: (b.request_key as string) ?? null, context: b.context, started });
    sendJson(res, 200, {
      model: name,
      model_version: v.version,
      predictions: records.map((r) => ({ prediction_id: r.id, model_version: v.version, score: r.outputs.score, label: r.outputs.label })),
    });
  }

  async function handleInfer(req: http.IncomingMessage, res: http.ServerResponse, name: string, version: number | null, started: number) {
    const grant = await authorize(req);
    const body = (await readJson(req, d.config.maxBodyBytes)) as Record<string, unknown>;
    const target = await resolveTarget(grant, name, version, null);
    const { rows, requestKey } = oipInputsToRows(target.version.signature, body);
    const { v, records } = await predict(name, grant, rows, { version, requestKey, context: null, started });
    sendJson(res, 200, { model_name: name, model_version: String(v.version), id: typeof body.id === 'string' ? body.id : undefined, outputs: oipOutputs(records) });
  }

  async function handleFeedback(req: http.IncomingMessage, res: http.ServerResponse) {
    const grant = await authorize(req);
    const body = (await readJson(req, d.config.maxBodyBytes)) as { labels?: unknown };
    const labels = body?.labels;
    if (!Array.isArray(labels) || labels.length === 0) throw new HttpError(400, 'labels: must be a non-empty array of { prediction_id, label }');
    if (labels.length > d.config.maxFeedbackLabels) throw new HttpError(400, `labels: at most ${d.config.maxFeedbackLabels} per request`);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const items = labels.map((l, i) => {
      const o = l as { prediction_id?: unknown; label?: unknown };
      if (typeof o?.prediction_id !== 'string' || !uuid.test(o.prediction_id)) throw new HttpError(400, `labels[${i}].prediction_id: must be a prediction id (UUID)`);
      if (o.label !== 0 && o.label !== 1) throw new HttpError(400, `labels[${i}].label: must be 0 or 1`);
      return { id: o.prediction_id, label: o.label };
    });
    // Predictions acknowledged a moment ago may still be in this process's spool.
    await Promise.race([d.shipper.drain(), new Promise((r) => setTimeout(r, 2000))]);
    const found = await d.pool.query<{ id: string; ts: Date; model_id: string; version_id: string; score: number; route: string }>(
      "SELECT id, ts, model_id, version_id, (outputs->>'score')::float8 AS score, route FROM predictions WHERE id = ANY($1::uuid[])",
      [items.map((i) => i.id)],
    );
    const byId = new Map(found.rows.filter((r) => allowed(grant, r.model_id)).map((r) => [r.id, r]));
    const accepted = items.filter((i) => byId.has(i.id));
    if (accepted.length) {
      const values = accepted.map((i) => ({ ...byId.get(i.id)!, label: i.label }));
      await d.db.execute(sql`
        INSERT INTO prediction_feedback (prediction_id, prediction_ts, model_id, version_id, label, score, route)
        SELECT x.id, x.ts, x.model_id, x.version_id, x.label, x.score, x.route FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          AS x(id uuid, ts timestamptz, model_id uuid, version_id uuid, label real, score real, route text)
        ON CONFLICT (prediction_id) DO UPDATE SET label = EXCLUDED.label, received_at = now()`);
    }
    sendJson(res, 200, { accepted: accepted.length, unknown: items.filter((i) => !byId.has(i.id)).map((i) => i.id) });
  }

  function handleMetadata(res: http.ServerResponse, name: string, version: number | null, grant: ServingKeyGrant, v: LoadedVersion) {
    if (!allowed(grant, v.modelId)) throw new HttpError(403, `this API key may not call model '${name}'`);
    sendJson(res, 200, oipModelMetadata(name, v, version === null ? [String(v.version)] : [String(version)]));
  }

  // Known gap (issue 10): a rejection here is unhandled and ends the process.
  return http.createServer((req, res) => void handle(req, res));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const oip = p[0] === 'v2';
    try {
      if (req.method === 'GET' && url.pathname === '/v2/health/live') return sendJson(res, 200, { live: true });
      if (req.method === 'GET' && url.pathname === '/v2/health/ready') return sendJson(res, d.ready() ? 200 : 503, { ready: d.ready() });
      if (req.method === 'GET' && url.pathname === '/metrics') {
        d.metrics.spoolBytes.set(await d.spool.bytesOnDisk());
        d.metrics.backlog.set(d.spool.unshippedRecords);
        res.writeHead(200, { 'content-type': d.registry.contentType });
        return res.end(await d.registry.metrics());
      }
      if (req.method === 'POST' && p.length === 4 && p[0] === 'v1' && p[1] === 'models' && p[3] === 'predict') return await handlePredict(req, res, p[2], started);
      if (req.method === 'POST' && url.pathname === '/v1/feedback') return await handleFeedback(req, res);
      if (oip && p[1] === 'models' && p.length >= 3) {
        const name = p[2];
        const hasVersion = p[3] === 'versions' && p.length >= 5;
        const version = hasVersion ? Number(p[4]) : null;
        if (hasVersion && (!Number.isInteger(version) || version! < 1)) throw new HttpError(400, `version '${p[4]}' is not a positive integer`);
        const tail = p.slice(hasVersion ? 5 : 3);
        if (req.method === 'POST' && tail.length === 1 && tail[0] === 'infer') return await handleInfer(req, res, name, version, started);
        if (req.method === 'GET' && (tail.length === 0 || (tail.length === 1 && tail[0] === 'ready'))) {
          const grant = await authorize(req);
          const v = version !== null ? await d.state.explicitVersion(name, version) : (d.state.routes.get(name)?.production ?? null);
          if (tail[0] === 'ready') {
            if (v && !allowed(grant, v.modelId)) throw new HttpError(403, `this API key may not call model '${name}'`);
            return sendJson(res, v ? 200 : 404, { name, ready: !!v });
          }
          if (!v) throw new HttpError(404, version !== null ? `model '${name}' has no version ${version}` : `model '${name}' is not served`);
          return handleMetadata(res, name, version, grant, v);
        }
      }
      throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
    } catch (e) {
      if (e instanceof HttpError) {
        // OIP's error body is {"error": "<message>"}; Vigil's JSON API adds the problem list.
        return sendJson(res, e.status, oip ? { error: e.message } : { error: e.message, ...e.extra });
      }
      d.log(`error on ${req.method} ${url.pathname}: ${e instanceof Error ? e.stack : String(e)}`);
      if (p[0] === 'v1' && p[1] === 'models' && p[2]) d.rejections.add(p[2], 'server_error');
      return sendJson(res, 503, { error: 'the prediction could not be made durable or scored; nothing was acknowledged' });
    }
  }
}
