// A closed-loop load generator that keeps every answer: `connections` loops over keep-alive
// sockets, each sending the next request as soon as the previous one is answered (or failed).
// wrk measures throughput well but cannot tell us which prediction ids were acknowledged or
// which version answered when; the rollback and fault benches need exactly that, so they use
// this instead (and compare nothing across tools).
import http from 'node:http';

export interface Sample {
  /** ms since the load started (performance.now based) */
  sentAt: number;
  doneAt: number;
  /** HTTP status, or 0 for a connection error / timeout. */
  status: number;
  error?: string;
  version?: number;
  ids?: string[];
}

export interface LoadRun {
  samples: Sample[];
  /** performance.now() when the load started; sample times are relative to it. */
  t0: number;
  stop: () => Promise<void>;
}

export function startLoad(opts: {
  port: number;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  /** Pause after a connection error, so a dead server is not spun on. */
  errorPauseMs?: number;
  timeoutMs?: number;
}): LoadRun {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const samples: Sample[] = [];
  const t0 = performance.now();
  let stopped = false;
  let next = 0;

  const once = (body: string) =>
    new Promise<Sample>((resolve) => {
      const sentAt = performance.now() - t0;
      const req = http.request(
        { host: '127.0.0.1', port: opts.port, path: opts.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...opts.headers }, timeout: opts.timeoutMs ?? 10_000 },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => {
            const s: Sample = { sentAt, doneAt: performance.now() - t0, status: res.statusCode ?? 0 };
            if (s.status === 200) {
              try {
                const j = JSON.parse(Buffer.concat(parts).toString('utf8')) as { model_version: number; predictions: { prediction_id: string }[] };
                s.version = j.model_version;
                s.ids = j.predictions.map((p) => p.prediction_id);
              } catch (e) {
                s.error = `unparseable 200 body: ${(e as Error).message}`;
              }
            } else s.error = Buffer.concat(parts).toString('utf8').slice(0, 300);
            resolve(s);
          });
          res.on('error', (e) => resolve({ sentAt, doneAt: performance.now() - t0, status: 0, error: e.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ sentAt, doneAt: performance.now() - t0, status: 0, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      req.end(body);
    });

  const loop = async () => {
    while (!stopped) {
      const s = await once(opts.bodies[next++ % opts.bodies.length]);
      samples.push(s);
      if (s.status === 0) await new Promise((r) => setTimeout(r, opts.errorPauseMs ?? 20));
    }
  };
  const loops = Array.from({ length: opts.connections }, loop);
  return {
    samples,
    t0,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** Counts by outcome: "200", "503", "ECONNREFUSED", … */
export function outcomes(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    const k = s.status === 0 ? (s.error ?? 'error') : String(s.status);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
