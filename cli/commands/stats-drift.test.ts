// End to end: `vigil stats drift` on the CSV pairs under tests/reference/fixtures/drift-cli/,
// compared with tests/reference/drift_cli_reference.py (an independent Python implementation of
// the contract on scipy 1.10), plus the error paths and the human-readable table.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';

const FIX = fileURLToPath(new URL('../../tests/reference/fixtures/', import.meta.url));
type JsonColumn = Record<string, unknown> & { column: string; method: string | null; drifted: boolean };
interface DriftJson {
  columns: JsonColumn[];
  drifted_columns: number;
  drift_share: number;
  dataset_drift: boolean;
}
const runs = (
  JSON.parse(readFileSync(join(FIX, 'drift-cli.json'), 'utf8')) as { cases: { name: string; args: string[]; expected: DriftJson }[] }
).cases;

const dir = mkdtempSync(join(tmpdir(), 'vigil-drift-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

// Statistics: 1e-12 relative (last-bit differences in sums). p-values: as the unit tests —
// tails (< 1e-4) 3e-12 relative (scipy's chi2.sf itself errs ~1e-12 far out), others 1e-14
// absolute. Everything else must be identical, keys in the same order.
function compareColumn(got: Record<string, unknown>, want: Record<string, unknown>, where: string) {
  const keys = Object.keys(want);
  expect(Object.keys(got), where).toEqual(keys);
  for (const k of keys) {
    const g = got[k];
    const w = want[k];
    const at = `${where}.${k}`;
    if (k === 'reason') {
      expect(typeof g === 'string' && g.length > 0, at).toBe(true);
    } else if (k === 'statistic' && typeof w === 'number') {
      expect(typeof g, at).toBe('number');
      expect(relErr(g as number, w) < 1e-12 || Math.abs((g as number) - w) < 1e-15, `${at}: ${g} vs ${w}`).toBe(true);
    } else if (k === 'p_value' && typeof w === 'number') {
      expect(typeof g, at).toBe('number');
      const gv = g as number;
      if (w < 1e-300) expect(gv, at).toBeLessThan(1e-300);
      else if (w < 1e-4) expect(relErr(gv, w), `${at}: ${g} vs ${w}`).toBeLessThan(3e-12);
      else expect(Math.abs(gv - w), `${at}: ${g} vs ${w}`).toBeLessThan(1e-14);
    } else {
      expect(g, at).toEqual(w);
    }
  }
}

describe('vigil stats drift --json against the Python reference', () => {
  it.each(runs.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const args = r.args.map((a, i) => (r.args[i - 1] === '--reference' || r.args[i - 1] === '--current' ? join(FIX, a) : a));
    const res = await run(['stats', 'drift', ...args, '--json']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out.endsWith('\n')).toBe(true);
    const got = JSON.parse(res.out) as DriftJson;
    expect(Object.keys(got)).toEqual(['columns', 'drifted_columns', 'drift_share', 'dataset_drift']);
    expect(got.columns.map((c) => c.column)).toEqual(r.expected.columns.map((c) => c.column));
    r.expected.columns.forEach((w, i) => compareColumn(got.columns[i], w, `${r.name}: ${w.column}`));
    expect(got.drifted_columns).toBe(r.expected.drifted_columns);
    expect(got.drift_share).toBeCloseTo(r.expected.drift_share, 15);
    expect(got.dataset_drift).toBe(r.expected.dataset_drift);
  });

  it('the fixture exercises every method, skipped columns and both size rules', () => {
    const methods = new Set(runs.flatMap((r) => r.expected.columns.map((c) => c.method)));
    for (const m of ['ks', 'chi2', 'ztest', 'wasserstein', 'jensenshannon', 'psi', null]) expect(methods.has(m)).toBe(true);
    const auto1000 = runs.find((r) => r.name.startsWith('boundary 1000'))!.expected.columns;
    const auto1001 = runs.find((r) => r.name.startsWith('boundary 1001'))!.expected.columns;
    expect(auto1000.map((c) => c.method)).toEqual(['ks', 'chi2']);
    expect(auto1001.map((c) => c.method)).toEqual(['wasserstein', 'jensenshannon']);
  });
});

describe('vigil stats drift behaviour', () => {
  const ref = write('r.csv', 'a,b,c\n1,x,5\n2,y,007\n3,x,7\n,,\n5,y,9\n6,x,10\n');
  const cur = write('c.csv', 'c,a,b,extra\nfoo,3,x,1\n7,4,y,\n8,5,y,\n9,7,y,\n,8,z,\n');

  it('defaults to the common columns in reference header order and drops missing values', async () => {
    const res = await run(['stats', 'drift', '--reference', ref, '--current', cur, '--json']);
    const out = JSON.parse(res.out) as DriftJson;
    expect(out.columns.map((c) => [c.column, c.type, c.method, c.n_reference, c.n_current])).toEqual([
      ['a', 'numeric', 'ks', 5, 5],
      ['b', 'categorical', 'chi2', 5, 5],
      // numeric in the reference, text in the current file: categorical, '007' ≠ '7'
      ['c', 'categorical', 'chi2', 5, 4],
    ]);
  });

  it('reports inapplicable explicit methods with method null and a reason', async () => {
    const res = await run(['stats', 'drift', '--reference', ref, '--current', cur, '--method', 'ks', '--json']);
    const out = JSON.parse(res.out) as DriftJson;
    const b = out.columns[1];
    expect(b).toMatchObject({ column: 'b', method: null, statistic: null, p_value: null, threshold: null, drifted: false });
    expect(b.reason).toMatch(/numeric/);
    // drift_share counts tested columns only
    const tested = out.columns.filter((c) => c.method !== null).length;
    expect(out.drift_share).toBe(tested ? out.drifted_columns / tested : 0);
    const z = JSON.parse((await run(['stats', 'drift', '--reference', ref, '--current', cur, '--method', 'ztest', '--json'])).out) as DriftJson;
    expect(z.columns[0].reason).toMatch(/2 distinct/);
  });

  it('reports a column empty on one side as untested', async () => {
    const r = write('e1.csv', 'a,b\n1,\n2,\n');
    const c = write('e2.csv', 'a,b\n1,x\n3,y\n');
    const out = JSON.parse((await run(['stats', 'drift', '--reference', r, '--current', c, '--json'])).out) as DriftJson;
    expect(out.columns[1]).toMatchObject({ column: 'b', method: null, drifted: false, n_reference: 0, n_current: 2 });
    expect(out.columns[1].reason).toMatch(/reference/);
  });

  it('prints a readable table by default', async () => {
    const res = await run(['stats', 'drift', '--reference', ref, '--current', cur, '--method', 'ks']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/column\s+type\s+method\s+statistic\s+p-value\s+threshold\s+drifted\s+n_ref\s+n_cur/);
    expect(res.out).toMatch(/^a\s+numeric\s+ks\s/m);
    expect(res.out).toMatch(/Not tested:\n {2}b: /);
    expect(res.out).toMatch(/Drifted columns: \d of 1 tested/);
  });

  it('errors name the problem', async () => {
    let r = await run(['stats', 'drift', '--reference', ref, '--current', cur, '--columns', 'a,extra', '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`column 'extra' not found in ${ref}`);
    r = await run(['stats', 'drift', '--reference', ref, '--current', cur, '--method', 'ttest']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown --method 'ttest'/);
    r = await run(['stats', 'drift', '--current', cur]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--reference/);
    r = await run(['stats', 'drift', '--reference', join(dir, 'nope.csv'), '--current', cur]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no such file/);
  });

  it('honours --columns order', async () => {
    const out = JSON.parse((await run(['stats', 'drift', '--reference', ref, '--current', cur, '--columns', 'c, a', '--json'])).out) as DriftJson;
    expect(out.columns.map((c) => c.column)).toEqual(['c', 'a']);
  });

  it('has thorough --help', async () => {
    const r = await run(['stats', 'drift', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['--reference', '--current', '--columns', '--method', 'wasserstein', 'jensenshannon', 'psi', 'categorical', '1000', 'drift_share', 'reason']) {
      expect(r.out).toContain(word);
    }
  });
});
