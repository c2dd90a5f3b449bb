// `npm test`: type check, lint, unit + integration tests (vitest, real Postgres and Redis) and
// end-to-end tests (Playwright, Debian's Chromium, production build). Ends with one line
// `N passed, N failed` and a non-zero exit on any failure.
//   npm test                 everything
//   npm test -- unit e2e     only the named stages (typecheck, lint, unit, integration, e2e)
//   npm test -- e2e --filter alerts   only test files whose path contains "alerts" (any stage)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, createPool } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoUsers } from '@/server/demo/seed-demo';
import { buildIfStale } from './lib/build';
import { ensureDatabase, ensureDebianBinary, ensurePythonModule, freePort } from './lib/services';
import { appDatabaseUrl, bringUpStack } from './lib/stack';

const root = process.cwd();
const log = (s: string) => console.log(`\x1b[1m[test]\x1b[0m ${s}`);
const STAGES = ['typecheck', 'lint', 'unit', 'integration', 'e2e'] as const;
type Stage = (typeof STAGES)[number];

interface Result {
  stage: Stage;
  passed: number;
  failed: number;
  ok: boolean;
  seconds: number;
  note?: string;
}

/** Runs a command to its end, its output on the terminal or, given `logFile`, in that file. */
function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile?: string): Promise<number> {
  return new Promise((resolve) => {
    const out = logFile ? fs.openSync(logFile, 'w') : null;
    const child = spawn(cmd, args, { cwd: root, env, stdio: out === null ? 'inherit' : ['ignore', out, out] });
    if (out !== null) fs.closeSync(out);
    child.once('error', () => resolve(1));
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/** Prints what a command run beside another wrote to its log file, as one block under `title`. */
function showLog(title: string, file: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  log(`${title}${text.trim() ? ':' : ''}`);
  if (text.trim()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--filter');
  const filters = at >= 0 ? argv.slice(at + 1) : [];
  const args = at >= 0 ? argv.slice(0, at) : argv;
  const bad = args.filter((a) => !(STAGES as readonly string[]).includes(a));
  if (bad.length) throw new Error(`unknown stage ${bad.join(', ')}; stages: ${STAGES.join(', ')}`);
  const stages = new Set<Stage>(args.length ? (args as Stage[]) : STAGES);
  const needServices = stages.has('integration') || stages.has('e2e');
  const results: Result[] = [];
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-test-'));
  fs.chmodSync(outDir, 0o755);

  // Tests never share state with the demo: their own Postgres data (a fresh temporary cluster,
  // or databases *_test/*_e2e on a DATABASE_URL server) and their own Redis key prefixes.
  const stack = needServices
    ? await bringUpStack({
        pgDataDir: path.join(outDir, 'pg'),
        redisDataDir: path.join(outDir, 'redis'),
        database: 'vigil_test',
        log,
        databaseUrlFromEnv: process.env.DATABASE_URL,
        redisUrlFromEnv: process.env.REDIS_URL,
        redisAppendOnly: false,
        // The stages below create and migrate their own databases; never touch the env's one.
        migrate: false,
      })
    : null;
  const serverUrl = stack?.postgresServerUrl ?? '';
  const baseDb = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.slice(1) || 'vigil' : 'vigil';
  const testEnv = (suffix: string, dbUrl: string): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'test' as const,
    DATABASE_URL: dbUrl,
    REDIS_URL: stack?.redisUrl ?? '',
    VIGIL_REDIS_PREFIX: `vigil-${suffix}-${crypto.randomBytes(3).toString('hex')}`,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    VIGIL_ARTIFACTS_DIR: path.join(outDir, `artifacts-${suffix}`),
    VIGIL_WORKER_METRICS_PORT: '0',
  });

  const timed = async (stage: Stage, fn: () => Promise<Omit<Result, 'stage' | 'seconds'>>) => {
    if (!stages.has(stage)) return;
    log(`── ${stage} ──`);
    const t0 = Date.now();
    const r = await fn();
    results.push({ stage, seconds: Math.round((Date.now() - t0) / 1000), ...r });
  };

  // The production build depends on the sources only (scripts/lib/build.ts hashes them), not on
  // the e2e stage's database or ports, so it starts now, niced, and runs beside the stages before
  // e2e (the integration stage mostly waits on Postgres, Redis and child processes); e2e waits
  // for it. Its output goes to a file, printed if it fails.
  const buildLog = path.join(outDir, 'next-build.log');
  const buildStop = new AbortController();
  const build: Promise<unknown> = stages.has('e2e')
    ? buildIfStale(root, { ...testEnv('e2e', serverUrl), NODE_ENV: 'production' }, log, { logFile: buildLog, nice: 10, signal: buildStop.signal }).then(
        () => null,
        (e: unknown) => e ?? new Error('next build failed'),
      )
    : Promise.resolve(null);

  // The app role is one per Postgres cluster: both test databases get it with one password (a
  // second password would lock out the stage already running), and their set-ups (create,
  // migrate, grant) run one at a time.
  const appPassword = crypto.randomBytes(24).toString('base64url');
  let setups: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = setups.then(fn);
    setups = next.catch(() => undefined);
    return next;
  };

  try {
    // tsc and eslint are single-threaded: on two cores they run side by side.
    const check = (stage: Stage, cmd: string, args: string[]) =>
      timed(stage, async () => {
        const out = path.join(outDir, `${stage}.log`);
        const ok = (await runAsync(cmd, args, process.env, out)) === 0;
        showLog(`${stage} finished`, out);
        return { ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note: `${path.basename(cmd)} ${args[0]}` };
      });
    await Promise.all([check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']), check('lint', bin('eslint'), ['--max-warnings=0', '.'])]);
    const vitest = (project: 'unit' | 'integration') =>
      timed(project, async () => {
        let env: NodeJS.ProcessEnv = { ...process.env };
        if (project === 'integration') {
          // The shipped PyTorch trainer (trainers/torch-mlp) runs end to end in the integration stage.
          log(`torch for the shipped trainer: ${ensurePythonModule('torch', 'python3-torch', log)}`);
          // Real exporters' graphs (tests/fixtures/exporters) are written with torch and python3-onnx.
          log(`onnx for the exporter fixtures: ${ensurePythonModule('onnx', 'python3-onnx', log)}`);
          env = await oneAtATime(async () => {
            const url = await ensureDatabase(serverUrl, stack && !process.env.DATABASE_URL ? 'vigil_test' : `${baseDb}_test`, { recreate: true });
            await migrateDatabase(url);
            // The suite connects as the app role, as the console does; db-roles.test.ts gets the owner's URL.
            return { ...testEnv('test', await appDatabaseUrl(url, !!stack?.ownsPostgres, log, appPassword)), VIGIL_TEST_OWNER_DATABASE_URL: url };
          });
        }
        const out = path.join(outDir, `vitest-${project}.json`);
        const code = await runAsync(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...filters], env);
        const j = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTotalTests: number }>(out);
        const passed = j?.numPassedTests ?? 0;
        const failed = (j?.numFailedTests ?? 0) + (j ? 0 : 1);
        return { ok: code === 0 && failed === 0 && passed > 0, passed, failed, note: j?.numPendingTests ? `${j.numPendingTests} skipped` : undefined };
      });
    const e2e = () =>
      timed('e2e', async () => {
        const chromium = ensureDebianBinary('chromium', 'chromium', log, ['/usr/bin/chromium']);
        const appUrl = await oneAtATime(async () => {
          const url = await ensureDatabase(serverUrl, stack && !process.env.DATABASE_URL ? 'vigil_e2e' : `${baseDb}_e2e`, { recreate: true });
          await migrateDatabase(url);
          const pool = createPool(url, 2);
          await seedDemoUsers(createDb(pool));
          await pool.end();
          return appDatabaseUrl(url, !!stack?.ownsPostgres, log, appPassword);
        });
        const port = await freePort();
        const env = {
          ...testEnv('e2e', appUrl),
          NODE_ENV: 'production' as const,
          VIGIL_WEB_PORT: String(port),
          VIGIL_SERVE_PORT: String(await freePort()),
          NEXTAUTH_URL: `http://localhost:${port}`,
          E2E_BASE_URL: `http://localhost:${port}`,
          E2E_CHROMIUM: chromium,
          PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(outDir, 'playwright.json'),
        };
        const buildError = await build;
        if (buildError) {
          showLog('next build failed', buildLog);
          throw buildError;
        }
        // Beside the integration stage its lines would interleave with vitest's: they go to a
        // file, printed as one block when the browser tests end.
        const e2eLog = path.join(outDir, 'e2e.log');
        const code = await runAsync(bin('playwright'), ['test', '--reporter=list,json', ...filters], env, stages.has('integration') ? e2eLog : undefined);
        showLog('e2e output', e2eLog);
        const j = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(path.join(outDir, 'playwright.json'));
        const passed = (j?.stats.expected ?? 0) + (j?.stats.flaky ?? 0);
        const failed = (j?.stats.unexpected ?? 0) + (j ? 0 : 1);
        return { ok: code === 0 && failed === 0 && passed > 0, passed, failed, note: j?.stats.skipped ? `${j.stats.skipped} skipped` : undefined };
      });
    await vitest('unit');
    // The integration and browser stages use separate databases, Redis key prefixes, artifact
    // folders and ports, and both spend most of their time waiting on services and child
    // processes: they run side by side.
    await Promise.all([vitest('integration'), e2e()]);
  } finally {
    buildStop.abort(); // a stage that threw before e2e leaves no build running behind us
    await stack?.stop();
  }

  // Stages that ran side by side finish in any order; the summary lists them in stage order.
  results.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  console.log('\nSummary');
  for (const r of results) {
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.stage.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds}s${r.note ? `  (${r.note})` : ''}`);
  }
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const allOk = results.every((r) => r.ok);
  console.log(`${passed} passed, ${failed} failed`);
  fs.rmSync(outDir, { recursive: true, force: true });
  process.exit(allOk ? 0 : 1);
}

main().catch((e) => {
  console.error(`[test] ${e instanceof Error ? e.stack : String(e)}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
