// `vigil runs start --task` / `vigil runs show` / `vigil sweeps start --task` against a running
// console (issue 14): a regression run trained by the workers and shown with its metrics; a bad
// task refused by the CLI, a trainer the task does not take refused by the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { db } from '@/server/db/client';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { createToken } from '@/server/services/tokens/tokens';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { seededRand } from './helpers/csv';
import { startConsoleHttp, type ConsoleHttp } from './helpers/console-http';

let consoleHttp: ConsoleHttp;
let stopWorkers: () => Promise<void>;
let token = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-task-cli-'));

beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
  consoleHttp = await startConsoleHttp();
  token = (await createToken({ db: db(), actor: actorOf(await makeUser('engineer')) }, { name: 'task cli' })).token;
});
afterAll(async () => {
  await consoleHttp.close();
  await stopWorkers();
  await closeQueues();
});

async function vigil(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--url', consoleHttp.url, '--token', token], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('vigil runs start --task', () => {
  it('trains a regression run, shows its task and metrics, and refuses a bad task or trainer', async () => {
    const rand = seededRand(3);
    const lines = ['x1,x2,price'];
    for (let i = 0; i < 200; i++) {
      const x1 = rand() * 10;
      const x2 = rand() * 4;
      lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${(2 * x1 - x2 + rand() * 0.1).toFixed(4)}`);
    }
    const file = path.join(dir, 'price.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const up = await vigil('datasets', 'upload', '--name', uniq('price'), '--file', file, '--json');
    expect(up.code, up.err).toBe(0);
    const dv = (JSON.parse(up.out) as { version: { id: string } }).version.id;
    const common = ['--experiment', uniq('cli-reg'), '--dataset-version', dv, '--target', 'price'];

    const bad = await vigil('runs', 'start', ...common, '--trainer', 'ridge', '--task', 'ordinal');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--task must be one of binary, multiclass, regression, got 'ordinal'");
    const wrongTrainer = await vigil('runs', 'start', ...common, '--trainer', 'logreg', '--task', 'regression');
    expect(wrongTrainer.code).not.toBe(0);
    expect(wrongTrainer.err).toContain("unknown trainer 'logreg' for task regression (available: ridge, gbdt)");

    const run = await vigil('runs', 'start', ...common, '--trainer', 'ridge', '--task', 'regression', '--params', '{"l2":0.1}', '--wait', '--json');
    expect(run.code, run.err + run.out).toBe(0);
    const id = (JSON.parse(run.out) as { id: string; task: string }).id;
    expect((JSON.parse(run.out) as { task: string }).task).toBe('regression');
    const show = await vigil('runs', 'show', '--id', id);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/task\s+regression/);
    expect(show.out).toMatch(/valid\s+rmse 0\.\d+\s+mae 0\.\d+\s+r2 0\.99/);

    const sweep = await vigil('sweeps', 'start', ...common, '--trainer', 'ridge', '--task', 'regression', '--space', '{"l2":[0.1,1]}', '--json');
    expect(sweep.code, sweep.err).toBe(0);
    expect(JSON.parse(sweep.out)).toMatchObject({ task: 'regression', metric: 'rmse' });
  }, 120_000);
});
