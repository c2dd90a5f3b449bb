// `vigil sweeps start|show` against a running console (the CLI's real `main` over HTTP with API
// tokens, helpers/console-http.ts), real Postgres, Redis and workers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { db } from '@/server/db/client';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { createToken } from '@/server/services/tokens/tokens';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';
import { learnableCsv } from './helpers/csv';
import { actorOf, makeUser, uniq } from './helpers/factories';

let consoleHttp: ConsoleHttp;
let stopWorkers: () => Promise<void>;
const tokens = { engineer: '', viewer: '' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sweeps-cli-'));

beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  consoleHttp = await startConsoleHttp();
  for (const role of ['engineer', 'viewer'] as const) tokens[role] = (await createToken({ db: db(), actor: actorOf(await makeUser(role)) }, { name: 'cli test' })).token;
});
afterAll(async () => {
  await consoleHttp.close();
  await stopWorkers();
  await closeQueues();
});

async function vigil(as: keyof typeof tokens, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--url', consoleHttp.url, '--token', tokens[as]], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('vigil sweeps', () => {
  it('starts a grid sweep, shows it with the best run marked, and refuses bad input naming it', async () => {
    const file = path.join(dir, 'train.csv');
    fs.writeFileSync(file, learnableCsv(300, 5));
    const up = await vigil('engineer', 'datasets', 'upload', '--name', uniq('ds'), '--file', file, '--json');
    expect(up.code, up.err).toBe(0);
    const dv = (JSON.parse(up.out) as { version: { id: string } }).version.id;
    const base = ['sweeps', 'start', '--experiment', uniq('sweep-cli'), '--dataset-version', dv, '--target', 'y', '--trainer', 'logreg'];

    const started = await vigil('engineer', ...base, '--space', '{"l2":[0.01,1000]}', '--metric', 'log_loss');
    expect(started.code, started.err).toBe(0);
    const id = /queued sweep ([0-9a-f-]{36}): 2 logreg runs \(grid\), best by validation log_loss/.exec(started.out)?.[1];
    expect(id, started.out).toBeDefined();

    let shown = { finished: false, best: null as string | null, runs: [] as { id: string; status: string }[] };
    for (let i = 0; i < 120 && !shown.finished; i++) {
      const r = await vigil('viewer', 'sweeps', 'show', '--id', id!, '--json');
      expect(r.code, r.err).toBe(0);
      const s = JSON.parse(r.out) as { status: string; bestRunId: string | null; runs: { id: string; status: string }[] };
      shown = { finished: s.status === 'finished', best: s.bestRunId, runs: s.runs };
      if (!shown.finished) await new Promise((res) => setTimeout(res, 1000));
    }
    expect(shown.runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // Heavy shrinkage loses on log loss: the first point (l2 0.01) is best.
    expect(shown.best).toBe(shown.runs[0].id);
    const text = await vigil('viewer', 'sweeps', 'show', '--id', id!);
    expect(text.out).toContain('metric     validation log_loss (lower is better)');
    expect(text.out).toMatch(new RegExp(`^\\*\\s+1\\s+succeeded .*"l2":0.01.*${shown.runs[0].id}$`, 'm'));

    const badJson = await vigil('engineer', ...base, '--space', '{l2:[1]}');
    expect(badJson.code).not.toBe(0);
    expect(badJson.err).toMatch(/--space is not valid JSON/);
    const badParam = await vigil('engineer', ...base, '--space', '{"nope":[1]}');
    expect(badParam.code).toBe(2);
    expect(badParam.err).toMatch(/bad request: space: point 1 \(nope=1\): unknown logreg parameter\(s\): nope/);
    const badMetric = await vigil('engineer', ...base, '--space', '{"l2":[1]}', '--metric', 'mse');
    expect(badMetric.err).toMatch(/--metric must be one of auc, log_loss/);
    const missing = await vigil('engineer', 'sweeps', 'start', '--experiment', 'e');
    expect(missing.err).toMatch(/--dataset-version is required/);
    const denied = await vigil('viewer', ...base, '--space', '{"l2":[1]}');
    expect(denied.code).toBe(3);
  }, 180_000);
});
