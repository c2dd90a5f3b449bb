// Validated configuration: the only module that reads process.env (ARCHITECTURE.md, convention 4).
// A wrong or missing value stops start-up with a message naming the variable.
import os from 'node:os';
import { z } from 'zod';
import { parseTrustedProxies } from './http/client-address';
import { parseCapabilities, parseGpuList } from './queue/worker-capabilities';

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);

const int = (def: number, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Prefix for every BullMQ queue and Redis key, so tests never touch the demo's keys. */
  VIGIL_REDIS_PREFIX: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes only').default('vigil'),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (npm run up generates one into .env.local)'),
  NEXTAUTH_URL: url(['http:', 'https:']).optional(),
  VIGIL_ARTIFACTS_DIR: z.string().min(1).default('.vigil/artifacts'),
  VIGIL_WEB_PORT: int(3000, 1, 65535),
  VIGIL_SERVE_PORT: int(3100, 1, 65535),
  VIGIL_WORKER_METRICS_PORT: int(3200, 0, 65535),
  /** Address the worker's /metrics listens on (0.0.0.0 for a Prometheus on another host). */
  VIGIL_WORKER_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Upload limits, in bytes. */
  VIGIL_MAX_DATASET_BYTES: int(200 * 1024 * 1024),
  VIGIL_MAX_MODEL_BYTES: int(100 * 1024 * 1024),
  /** Failed sign-ins allowed per account (and per client address) within the window before throttling. */
  VIGIL_SIGNIN_MAX_FAILURES: int(5),
  VIGIL_SIGNIN_WINDOW_SECONDS: int(15 * 60),
  /** First wait once an (account, address) pair reaches the limit; it doubles with each further failure, up to the window. */
  VIGIL_SIGNIN_BACKOFF_SECONDS: int(30),
  /** Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed (server/http/client-address.ts). */
  VIGIL_TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be a comma-separated list of IP addresses or CIDR ranges'),
  /** How long a worker's lock on a job lasts; a worker that dies is detected after about this long and its job re-run. */
  VIGIL_JOB_LOCK_MS: int(30_000, 1000),
  /** Threads a training run may use (GBDT histograms); the model is the same bits for any value. */
  VIGIL_TRAIN_THREADS: int(1, 1, 64),
  // Command trainers (server/ml/command-trainers).
  /** Folder holding one sub-folder per command trainer, each with a trainer.json. */
  VIGIL_TRAINERS_DIR: z.string().min(1).default('trainers'),
  /** After SIGTERM (cancel or timeout), how long a trainer program has before SIGKILL. */
  VIGIL_TRAINER_KILL_GRACE_MS: int(5000, 0, 600_000),
  /** Lines of a trainer program's output kept in the job log (the rest are counted, not stored). */
  VIGIL_TRAINER_MAX_LOG_LINES: int(2000, 10, 1_000_000),
  // Worker capabilities (server/queue/worker-capabilities.ts).
  /** What this worker offers: cpu, gpu or cpu,gpu; unset: cpu, plus gpu when nvidia-smi finds a GPU. */
  VIGIL_WORKER_CAPABILITIES: z
    .string()
    .optional()
    .refine((v) => {
      try {
        parseCapabilities(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be a comma-separated list of cpu, gpu'),
  /** Device indices GPU jobs may use on this worker (e.g. 0,1); unset: every GPU nvidia-smi lists. */
  VIGIL_WORKER_GPUS: z
    .string()
    .optional()
    .refine((v) => {
      try {
        parseGpuList(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be a comma-separated list of device indices, e.g. 0,1'),
  // Serving (workers/serve.ts).
  /** Name of this serving replica; its spool lives in VIGIL_SPOOL_DIR/<name> (default serve-<port>). */
  VIGIL_SERVE_INSTANCE: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash, underscore').optional(),
  VIGIL_SPOOL_DIR: z.string().min(1).default('.vigil/spool'),
  /**
   * Serving processes on this host sharing VIGIL_SERVE_PORT (node:cluster): a whole number from 1
   * to 64, or `auto` (one per core). Each has its own spool (worker 0: VIGIL_SPOOL_DIR/<instance>,
   * worker k: VIGIL_SPOOL_DIR/<instance>/w<k>).
   */
  VIGIL_SERVE_WORKERS: z
    .string()
    .trim()
    .default('1')
    .refine((v) => v === 'auto' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 64), 'must be a whole number of serving processes from 1 to 64, or auto (one per core)')
    .transform((v) => (v === 'auto' ? Math.min(64, os.availableParallelism()) : Number(v))),
  /** Set by the serving primary for each process it forks (which spool is whose); not for operators. */
  VIGIL_SERVE_WORKER_INDEX: int(0, 0, 63),
  /** fsync: acknowledge after fsync (no acknowledged prediction is lost); write: after write() only (a machine crash may lose the last VIGIL_SPOOL_ROTATE_MS). */
  VIGIL_SERVE_DURABILITY: z.enum(['fsync', 'write']).default('fsync'),
  VIGIL_SPOOL_ROTATE_MS: int(200, 10, 60_000),
  VIGIL_SERVE_MAX_BODY_BYTES: int(1024 * 1024),
  VIGIL_SERVE_MAX_ROWS: int(1000),
  VIGIL_SERVE_MAX_BATCH_ROWS: int(256),
  VIGIL_SERVE_UNKNOWN_FIELDS: z.enum(['reject', 'ignore']).default('reject'),
  /** Safety net behind LISTEN/NOTIFY: how often serving re-reads every alias. */
  VIGIL_SERVE_RECHECK_MS: int(5000, 100),
  /** Above this many bytes of unshipped spool, serving answers 503 + Retry-After instead of acknowledging (0: no cap). */
  VIGIL_SPOOL_MAX_BYTES: int(1024 * 1024 * 1024, 0),
  /** When set, /metrics of serving, the worker and the web needs `Authorization: Bearer <token>`. */
  VIGIL_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Monitoring.
  /** How often the monitoring pass runs (rollups, alerts). */
  VIGIL_MONITOR_EVERY_MS: int(60_000, 1000),
  /** A window with fewer non-missing values than this reports "not enough data" instead of a drift verdict. */
  VIGIL_MONITOR_MIN_ROWS: int(100, 1),
  /** Days of prediction log kept (whole daily partitions older than this are dropped; rollups stay). */
  VIGIL_PREDICTIONS_RETENTION_DAYS: int(30, 1, 3650),
  /** An external run that reports nothing for this long is failed as abandoned (daily maintenance). */
  VIGIL_EXTERNAL_RUN_TIMEOUT_HOURS: int(24, 1, 8760),
  /** How often canary rollouts are analysed and advanced. */
  VIGIL_ROLLOUT_EVERY_MS: int(15_000, 1000),
  // Demo traffic simulator (worker job; see server/demo/traffic).
  /** Serving key the simulator uses; `npm run up` creates one for the demo and keeps it in .env.local. */
  VIGIL_DEMO_SERVING_KEY: z.string().optional(),
  VIGIL_SERVE_URL: z.string().url().optional(),
  VIGIL_DEMO_TRAFFIC_EVERY_MS: int(2000, 200),
  VIGIL_DEMO_REQUESTS_PER_TICK: int(8, 1, 1000),
  VIGIL_DEMO_LABEL_DELAY_SECONDS: int(60, 0),
  /** Minutes after the simulator starts when the "holiday" shift begins, and how long it ramps to full strength. */
  VIGIL_DEMO_SHIFT_AFTER_MINUTES: int(15, 0),
  VIGIL_DEMO_SHIFT_RAMP_MINUTES: int(5, 0),
  /** Let webhooks reach loopback, link-local and private addresses (on-prem receivers); an admin can also allow it in Settings. */
  VIGIL_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Log level of the structured (pino) logs of every process. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses an environment; exported for tests. Throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '?');
    const value = source[name];
    const msg = value === undefined || value === '' ? 'is missing' : i.message;
    return `  ${name} ${msg}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

let cached: Env | undefined;

/** The process's configuration, parsed once on first use. */
export function env(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}
