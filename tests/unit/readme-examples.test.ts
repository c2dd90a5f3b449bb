// README's predict example must be a request the demo model scores as meant (issue 9, D17): every
// field is an input of the demo spec, and every categorical value is one the demo data holds
// (`"south"` for `SOUTH` was scored silently as an unseen category).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENDERS, HOME_OWNERSHIPS, PURPOSES, REGIONS } from '@/server/demo/loan-data/columns';
import { LOAN_FEATURE_SPEC } from '@/server/demo/loan-spec';

const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
const DOMAINS: Record<string, readonly string[]> = { region: REGIONS, home_ownership: HOME_OWNERSHIPS, purpose: PURPOSES };

describe("README's predict example", () => {
  it('sends the demo spec inputs with values from the demo data', () => {
    const m = readme.match(/\/v1\/models\/loan-default\/predict[\s\S]*?-d '([\s\S]*?)'\n/);
    expect(m, 'the predict example').not.toBeNull();
    const body = JSON.parse(m![1]) as { rows: Record<string, unknown>[]; context: Record<string, unknown>[] };
    for (const row of body.rows) {
      expect(Object.keys(row).sort()).toEqual(LOAN_FEATURE_SPEC.inputs.map((i) => i.name).sort());
      for (const input of LOAN_FEATURE_SPEC.inputs) {
        const v = row[input.name];
        if (input.type === 'categorical') expect(DOMAINS[input.name], input.name).toContain(v);
        else if (v === null) expect(input.nullable, input.name).toBe(true);
        else expect(typeof v, input.name).toBe('number');
      }
    }
    for (const c of body.context) expect(GENDERS).toContain(c.gender);
  });
});
