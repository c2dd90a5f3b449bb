// The Grafana dashboard charts metrics that exist: every vigil_* name in its queries is
// registered in the code and documented in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('ops/grafana/vigil.json', () => {
  it('queries only registered, documented metrics, and charts serving, workers and monitoring', () => {
    const dash = JSON.parse(read('ops/grafana/vigil.json')) as { panels: { title: string; type: string; targets?: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets?.map((t) => t.expr) ?? []);
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\bvigil_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''))));
    expect(names.size).toBeGreaterThan(15);
    const code = read('server/observability/app-metrics.ts') + read('server/serving/serving-metrics.ts');
    const readme = read('README.md');
    for (const n of names) {
      expect(code, n).toContain(`'${n}'`);
      expect(readme, n).toContain(`\`${n}`);
    }
    const rows = dash.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(expect.arrayContaining(['Serving', 'Workers and queues', 'Monitoring']));
  });
});
