// The serving gateway's HTTP server: Vigil's JSON predict API, the Open Inference Protocol V2
// (KServe / Triton / Seldon clients), the feedback API, health and /metrics. A prediction is
// answered only after its log record is durable in the spool (see spool.ts).
//
// Every request runs inside one error boundary: a client error answers 4xx naming the problem,
// the spool being full or failing answers 503 (+ Retry-After) with nothing acknowledged, and
// anything else answers 500 saying what happened. Nothing a client sends can reject the
// request handler (a last-resort catch logs and answers 500 if even the boundary throws).
import cluster from 'node:cluster';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Db } from '@/server/db/client';
import { metricsAuthorized } from '@/server/http/metrics-auth';
import { logger } from '@/server/observability/logger';
import type { ServingKeyGrant } from '@/server/services/serving-keys/serving-keys';
import { bearer, HttpError, readJson, sendJson, sendJsonText } from './http-util';
import { InputError, validateRows, type ValidationOptions } from './input-validation';
import type { KeyCache } from './key-cache';
import type { LoadedVersion } from '@/server/scoring/load-version';
import type { LogShipper } from './log-shipper';
import { oipInputsToRows, oipModelMetadata, oipOutputs, oipRequestedOutputs, oipServerMetadata } from './oip';
import type { PendingPredictions } from './pending-predictions';
import type { RejectionLog } from './rejection-log';
import { checkLabel, type CheckedLabel, type VersionLabels } from './feedback-labels';
import { checkContext, feedbackBody, oipInferBody, parseBody, predictBody } from './request-body';
import { recordLine } from './prediction-record';
import { predictResponseText } from './response-text';
import { chooseRoute } from './routing';
import { scoreBatch } from '@/server/scoring/score-batch';
import { PRIMARY_VALUE_SQL } from '@/server/scoring/task-outputs';
import { clusterMetricsFromPrimary } from './serve-cluster';
import type { ServingMetrics } from './serving-metrics';
import type { ServingState } from './serving-state';
import { SpoolFullError, SpoolWriteError, type Spool } from './spool';

export interface ServingConfig extends ValidationOptions {
  maxBodyBytes: number;
  maxFeedbackLabels: number;
  metricsToken?: string;
  /** VIGIL_SERVE_WORKERS: how many serving processes share this host's port (1: this one alone). */
  workers: number;
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
  rejections: RejectionLog;
  pending: PendingPredictions;
}

interface Target {
  version: LoadedVersion;
  route: 'production' | 'canary' | 'explicit';
  modelId: string;
  shadow: LoadedVersion | null;
}

/** Scoring itself failed (onnxruntime): nothing was logged or acknowledged. */
class ScoringError extends Error {}

const log = logger({ component: 'serve-http' });

/** The path of a request target; parsed by hand, since a WHATWG URL reads '//x' as a host. */
function pathnameOf(target: string): string {
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0];
  try {
    return new URL(target).pathname; // absolute-form (a proxy's request line)
  } catch {
    throw new HttpError(400, `the request target '${target.slice(0, 60)}' is not a path`);
  }
}

/** The path's segments, percent-decoded; a malformed escape is the client's error. */
function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      if (!s.includes('%')) return s; // nothing to decode (the common case)
      try {
        return decodeURIComponent(s);
      } catch {
        throw new HttpError(400, `the path holds a malformed percent escape: '${s.slice(0, 60)}'`);
      }
    });
}

const isPgUnavailable = (e: unknown) => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (/^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code));
};

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

  /**
   * The key's scope comes first, before any version loads: a scoped key gets 403 for every model
   * outside its scope, existing or not, so answers never tell it what exists.
   */
  async function scopedModel(grant: ServingKeyGrant, name: string): Promise<string> {
    const modelId = await d.state.modelIdOf(name);
    if (!grant.allModels && (!modelId || !grant.modelIds.has(modelId))) throw new HttpError(403, `this API key may not call model '${name}'`);
    if (!modelId) throw new HttpError(404, `model '${name}' does not exist`);
    return modelId;
  }

  async function explicitVersion(name: string, version: number): Promise<LoadedVersion | null> {
    try {
      return await d.state.explicitVersion(name, version);
    } catch (e) {
      throw new HttpError(503, `version ${version} of model '${name}' could not be loaded: ${(e as Error).message}`);
    }
  }

  async function resolveTarget(grant: ServingKeyGrant, name: string, version: number | null, requestKey: string | null): Promise<Target> {
    const modelId = await scopedModel(grant, name);
    if (version !== null) {
      const v = await explicitVersion(name, version);
      if (!v) throw new HttpError(404, `model '${name}' has no version ${version}`);
      return { version: v, route: 'explicit', modelId, shadow: null };
    }
    const route = d.state.routes.get(name);
    const chosen = route && chooseRoute(route, requestKey);
    if (!route || !chosen) throw new HttpError(404, `model '${name}' is not served: no version holds its production alias`);
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
        if (!(e instanceof InputError)) log.warn({ err: e, model: shadow.modelName, version: shadow.version }, 'shadow scoring failed');
      }
    })());
  }

  /** Validate → score → durable log → answer; shared by the JSON API and OIP infer (one resolved target). */
  async function predict(name: string, target: Target, rows: unknown, opts: { requestKey: string | null; context: (Record<string, unknown> | null)[] | null | undefined; started: number }) {
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
    const context = checkContext(opts.context, batch.n);
    let records;
    try {
      ({ records } = await scoreBatch(v, batch, target.route, { requestKey: opts.requestKey, context, started: opts.started }));
    } catch (e) {
      throw new ScoringError(`scoring on model '${name}' version ${v.version} failed: ${String((e as Error)?.message ?? e).trim()}`);
    }
    const seq = await d.spool.append(records, records.map(recordLine)); // durable before we answer
    d.pending.add(seq, records);
    d.metrics.predicted(name, labels.version, target.route, batch.n, (performance.now() - opts.started) / 1000);
    if (target.shadow && target.shadow.versionId !== v.versionId) shadowScore(target.shadow, rows as unknown[], opts.requestKey, context, records.map((r) => r.id));
    return { v, records, unseen: batch.unseen };
  }

  async function handlePredict(req: http.IncomingMessage, res: http.ServerResponse, name: string, started: number) {
    const grant = await authorize(req);
    const raw = await readJson(req, d.config.maxBodyBytes);
    await scopedModel(grant, name); // 403 / 404 before any complaint about the body
    const b = parseBody(predictBody, raw);
    const requestKey = b.request_key ?? null;
    const target = await resolveTarget(grant, name, b.version ?? null, requestKey);
    const { v, records, unseen } = await predict(name, target, b.rows, { requestKey, context: b.context, started });
    // Outputs per task (server/scoring/task-outputs.ts), spliced in as logged: binary score + label
    // (0/1); multiclass label (a class name) + probabilities by class; regression prediction.
    // `unseen` names the categorical inputs whose value the model never saw in training (scored as all zeros).
    sendJsonText(res, 200, predictResponseText(name, v.version, records, unseen));
  }

  async function handleInfer(req: http.IncomingMessage, res: http.ServerResponse, name: string, version: number | null, started: number) {
    const grant = await authorize(req);
    const raw = await readJson(req, d.config.maxBodyBytes);
    await scopedModel(grant, name); // 403 / 404 before any complaint about the body
    const body = parseBody(oipInferBody, raw);
    const requestKey = body.parameters?.request_key ?? null;
    // Resolved once: the inputs are read, and the outputs named, for the same version that scores them.
    const target = await resolveTarget(grant, name, version, requestKey);
    const wanted = oipRequestedOutputs(body.outputs, target.version.signature.output);
    const rows = oipInputsToRows(target.version.signature, body);
    const { v, records } = await predict(name, target, rows, { requestKey, context: null, started });
    sendJson(res, 200, { model_name: name, model_version: String(v.version), id: body.id, outputs: oipOutputs(records, v, wanted) });
  }

  /** Predictions by id: this process's unshipped ones first, then the log in Postgres. */
  async function findPredictions(ids: string[]) {
    type Found = { id: string; ts: string; model_id: string; version_id: string; score: number; route: string; predicted_label: string | null };
    const byId = new Map<string, Found>();
    for (const id of ids) {
      const p = d.pending.get(id);
      if (p) byId.set(id, p);
    }
    const query = async (rest: string[]) => {
      if (!rest.length) return;
      const found = await d.pool.query<{ id: string; ts: Date; model_id: string; version_id: string; score: number; route: string; predicted_label: string | null }>(
        `SELECT id, ts, model_id, version_id, ${PRIMARY_VALUE_SQL('outputs')} AS score, route,
                CASE WHEN jsonb_typeof(outputs->'label') = 'string' THEN outputs->>'label' END AS predicted_label
         FROM predictions WHERE id = ANY($1::uuid[])`,
        [rest],
      );
      for (const r of found.rows) byId.set(r.id, { ...r, ts: r.ts.toISOString() });
    };
    await query(ids.filter((id) => !byId.has(id)));
    let missing = ids.filter((id) => !byId.has(id));
    if (missing.length) {
      // Segments left by an earlier life of this process ship within a pass; wait for it (bounded).
      const deadline = performance.now() + 2000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        d.shipper.shipOnce().catch((e: unknown) => log.warn({ err: e }, 'shipping for feedback failed')),
        new Promise((r) => (timer = setTimeout(r, 2000))),
      ]);
      clearTimeout(timer);
      await query(missing);
      // With VIGIL_SERVE_WORKERS > 1 the prediction may sit in another worker's spool: it ships
      // within about VIGIL_SPOOL_ROTATE_MS, so look again until the same 2 s bound.
      missing = missing.filter((id) => !byId.has(id));
      while (missing.length && d.config.workers > 1 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        await query(missing);
        missing = missing.filter((id) => !byId.has(id));
      }
    }
    return byId;
  }

  // A version's task and classes never change: kept once read (feedback checks each label against them).
  const versionLabels = new Map<string, VersionLabels>();
  async function labelsOf(versionIds: string[]): Promise<Map<string, VersionLabels>> {
    const missing = versionIds.filter((id) => !versionLabels.has(id));
    if (missing.length) {
      const r = await d.pool.query<{ id: string; task: VersionLabels['task']; classes: string[] | null }>('SELECT id, task, classes FROM model_versions WHERE id = ANY($1::uuid[])', [missing]);
      for (const row of r.rows) versionLabels.set(row.id, { task: row.task, classes: row.classes ?? [] });
      if (versionLabels.size > 10_000) versionLabels.clear();
    }
    return new Map(versionIds.map((id) => [id, versionLabels.get(id) ?? { task: 'binary', classes: [] }]));
  }

  async function handleFeedback(req: http.IncomingMessage, res: http.ServerResponse) {
    const grant = await authorize(req);
    const body = parseBody(feedbackBody(d.config.maxFeedbackLabels), await readJson(req, d.config.maxBodyBytes));
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const l of body.labels) (seen.has(l.prediction_id) ? dup : seen).add(l.prediction_id);
    if (dup.size) throw new HttpError(400, `labels: duplicate prediction_id(s) ${[...dup].slice(0, 10).join(', ')}; send each prediction once`);
    const items = body.labels.map((l) => ({ id: l.prediction_id, label: l.label }));
    const found = await findPredictions(items.map((i) => i.id));
    const accepted = items.filter((i) => found.has(i.id) && allowed(grant, found.get(i.id)!.model_id));
    // Each label must fit the task of the version that made its prediction; one that does not refuses the request.
    const tasks = await labelsOf([...new Set(accepted.map((i) => found.get(i.id)!.version_id))]);
    const checked = new Map<string, CheckedLabel>();
    for (const i of accepted) {
      const f = found.get(i.id)!;
      const c = checkLabel(tasks.get(f.version_id)!, i.label, f.predicted_label);
      if (typeof c === 'string') throw new HttpError(400, `labels[${items.indexOf(i)}].label: ${c}`);
      checked.set(i.id, c);
    }
    let written = new Set<string>();
    if (accepted.length) {
      const values = accepted.map((i) => {
        const c = checked.get(i.id)!;
        return { ...found.get(i.id)!, label: c.label, label_class: c.labelClass, predicted_class: c.predictedClass };
      });
      // Write-once: an existing label stays unless the client asks to overwrite it.
      const onConflict = body.overwrite
        ? sql`ON CONFLICT (prediction_id) DO UPDATE SET label = EXCLUDED.label, label_class = EXCLUDED.label_class, key_id = EXCLUDED.key_id, received_at = now(), overwritten_at = now()`
        : sql`ON CONFLICT (prediction_id) DO NOTHING`;
      const r = await d.db.execute<{ prediction_id: string }>(sql`
        INSERT INTO prediction_feedback (prediction_id, prediction_ts, model_id, version_id, label, score, route, key_id, label_class, predicted_class)
        SELECT x.id, x.ts, x.model_id, x.version_id, x.label, x.score, x.route, ${grant.keyId}::uuid, x.label_class, x.predicted_class FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          AS x(id uuid, ts timestamptz, model_id uuid, version_id uuid, label float8, score float8, route text, label_class text, predicted_class int)
        ${onConflict} RETURNING prediction_id`);
      written = new Set(r.rows.map((x) => x.prediction_id));
    }
    sendJson(res, 200, {
      accepted: written.size,
      unknown: items.filter((i) => !accepted.includes(i)).map((i) => i.id),
      already_labelled: accepted.filter((i) => !written.has(i.id)).map((i) => i.id),
    });
  }

  async function handleModelGet(req: http.IncomingMessage, res: http.ServerResponse, name: string, version: number | null, ready: boolean) {
    const grant = await authorize(req);
    await scopedModel(grant, name);
    const v = version !== null ? await explicitVersion(name, version) : (d.state.routes.get(name)?.production ?? null);
    if (ready) return sendJson(res, v ? 200 : 404, { name, ready: !!v });
    if (!v) throw new HttpError(404, version !== null ? `model '${name}' has no version ${version}` : `model '${name}' is not served`);
    sendJson(res, 200, oipModelMetadata(name, v, [String(version ?? v.version)]));
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, p: string[], started: number) {
    if (req.method === 'GET' && pathname === '/v2/health/live') return sendJson(res, 200, { live: true });
    if (req.method === 'GET' && pathname === '/v2/health/ready') return sendJson(res, d.ready() ? 200 : 503, { ready: d.ready() });
    if (req.method === 'GET' && (pathname === '/v2' || pathname === '/v2/')) return sendJson(res, 200, oipServerMetadata());
    if (req.method === 'GET' && pathname === '/metrics') {
      if (!metricsAuthorized(req.headers.authorization, d.config.metricsToken)) throw new HttpError(401, 'metrics need Authorization: Bearer <VIGIL_METRICS_TOKEN>');
      // One worker of several: the primary sums every worker's metrics (serve-cluster.ts).
      let text: string;
      let contentType = d.registry.contentType as string;
      if (cluster.isWorker) {
        try {
          ({ text, contentType } = await clusterMetricsFromPrimary());
        } catch (e) {
          throw new HttpError(503, `the serving workers' metrics could not be gathered: ${(e as Error).message}`);
        }
      } else text = await d.registry.metrics();
      res.writeHead(200, { 'content-type': contentType });
      return res.end(text);
    }
    if (req.method === 'POST' && p.length === 4 && p[0] === 'v1' && p[1] === 'models' && p[3] === 'predict') return handlePredict(req, res, p[2], started);
    if (req.method === 'POST' && pathname === '/v1/feedback') return handleFeedback(req, res);
    if (p[0] === 'v2' && p[1] === 'models' && p.length >= 3) {
      const name = p[2];
      const hasVersion = p[3] === 'versions' && p.length >= 5;
      const version = hasVersion ? Number(p[4]) : null;
      if (hasVersion && (!/^\d{1,9}$/.test(p[4]) || version! < 1)) throw new HttpError(400, `version '${p[4].slice(0, 40)}' is not a positive integer`);
      const tail = p.slice(hasVersion ? 5 : 3);
      if (req.method === 'POST' && tail.length === 1 && tail[0] === 'infer') return handleInfer(req, res, name, version, started);
      if (req.method === 'GET' && (tail.length === 0 || (tail.length === 1 && tail[0] === 'ready'))) return handleModelGet(req, res, name, version, tail[0] === 'ready');
    }
    throw new HttpError(404, `no route ${String(req.method).slice(0, 10)} ${pathname.slice(0, 200)}`);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const started = performance.now();
    let pathname = '';
    let oip = false;
    try {
      pathname = pathnameOf(req.url ?? '/');
      oip = pathname === '/v2' || pathname.startsWith('/v2/');
      await route(req, res, pathname, pathSegments(pathname), started);
    } catch (e) {
      if (res.headersSent) {
        log.error({ err: e, path: pathname.slice(0, 200) }, 'error after the answer was sent');
        res.destroy();
        return;
      }
      const answer = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
        // OIP's error body is {"error": "<message>"}; Vigil's JSON API adds the problem list.
        sendJson(res, status, oip ? { error: message } : { error: message, ...extra }, headers);
      if (e instanceof HttpError) return answer(e.status, e.message, e.extra, e.status === 503 ? { 'retry-after': '1' } : {});
      const model = pathname.startsWith('/v1/models/') ? pathname.split('/')[3] : null;
      if (e instanceof SpoolFullError) {
        d.metrics.spoolFull.inc();
        d.metrics.serverErrors.inc({ kind: 'spool_full' });
        return answer(503, `${e.message}; nothing was acknowledged; retry later`, {}, { 'retry-after': '5' });
      }
      if (e instanceof SpoolWriteError) {
        d.metrics.spoolWriteFailures.inc();
        d.metrics.serverErrors.inc({ kind: 'spool_write' });
        log.error({ err: e.cause }, 'spool write failed');
        return answer(503, `${e.message}; nothing was acknowledged; retry later`, {}, { 'retry-after': '1' });
      }
      if (isPgUnavailable(e)) {
        d.metrics.serverErrors.inc({ kind: 'database' });
        return answer(503, `the database is unreachable (${(e as Error).message}); nothing was written; retry later`, {}, { 'retry-after': '2' });
      }
      if (model) d.rejections.add(model, 'server_error');
      d.metrics.serverErrors.inc({ kind: e instanceof ScoringError ? 'scoring' : 'internal' });
      log.error({ err: e, method: req.method, path: pathname.slice(0, 200) }, 'request failed');
      return answer(500, e instanceof ScoringError ? `${e.message}; nothing was acknowledged` : `internal error: ${(e as Error)?.message ?? String(e)}; nothing was acknowledged`);
    }
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Last resort: the error boundary itself failed (e.g. writing to a closed socket).
      log.error({ err: e }, 'request handler failed outside its error boundary');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
}
