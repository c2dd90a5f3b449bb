import { describe, expect, it } from 'vitest';
import { buildStartRunInput, numericDefaults, type NewRunFormValues } from './new-run-request';

const base: NewRunFormValues = {
  experiment: ' loans ',
  datasetVersionId: '6f1c1b7e-3c1a-4a8e-9b55-0d3c8c2b7a11',
  target: 'default',
  trainer: 'gbdt',
  paramFields: { n_trees: '20', max_depth: '3', learning_rate: '' },
  advancedJson: '',
  seed: '7',
  specJson: '',
};

describe('buildStartRunInput', () => {
  it('parses number boxes, leaves empty ones to the trainer default, trims the experiment name', () => {
    expect(buildStartRunInput(base)).toEqual({
      ok: true,
      input: { experiment: 'loans', datasetVersionId: base.datasetVersionId, target: 'default', trainer: 'gbdt', params: { n_trees: 20, max_depth: 3 }, seed: 7 },
    });
  });

  it('sends a multiclass or regression task, and no task for a binary run (as before)', () => {
    const mc = buildStartRunInput({ ...base, task: 'multiclass', trainer: 'logreg', paramFields: {} });
    expect(mc.ok && mc.input).toMatchObject({ task: 'multiclass', trainer: 'logreg' });
    const reg = buildStartRunInput({ ...base, task: 'regression', trainer: 'ridge', paramFields: { l2: '0.5' } });
    expect(reg.ok && reg.input).toMatchObject({ task: 'regression', params: { l2: 0.5 } });
    const bin = buildStartRunInput({ ...base, task: 'binary' });
    expect(bin.ok && 'task' in bin.input).toBe(false);
  });

  it('accepts exponent and signed decimals, refuses other number spellings, naming the parameter', () => {
    const ok = buildStartRunInput({ ...base, paramFields: { tol: '1e-8', l2: '-0.5', a: '.5' } });
    expect(ok.ok && ok.input.params).toEqual({ tol: 1e-8, l2: -0.5, a: 0.5 });
    for (const bad of ['0x10', 'Infinity', '1_000', 'abc', '1e']) {
      expect(buildStartRunInput({ ...base, paramFields: { n_trees: bad } })).toEqual({ ok: false, field: 'params', message: `parameter n_trees: '${bad}' is not a number` });
    }
  });

  it('advanced JSON adds keys and overrides number boxes', () => {
    const r = buildStartRunInput({ ...base, advancedJson: '{"max_depth": 5, "subsample": 0.8}' });
    expect(r.ok && r.input.params).toEqual({ n_trees: 20, max_depth: 5, subsample: 0.8 });
  });

  it('refuses advanced params that are not a JSON object', () => {
    expect(buildStartRunInput({ ...base, advancedJson: '{bad' })).toMatchObject({ ok: false, field: 'params' });
    expect(buildStartRunInput({ ...base, advancedJson: '[1]' })).toMatchObject({ ok: false, field: 'params', message: expect.stringContaining('JSON object') });
    expect(buildStartRunInput({ ...base, advancedJson: 'null' })).toMatchObject({ ok: false, field: 'params' });
  });

  it('seed: empty means 0; negatives, fractions and values past 2^31 − 1 are refused', () => {
    const r = buildStartRunInput({ ...base, seed: '' });
    expect(r.ok && r.input.seed).toBe(0);
    expect(buildStartRunInput({ ...base, seed: '2147483647' }).ok).toBe(true);
    for (const bad of ['-1', '1.5', '2147483648', 'x']) expect(buildStartRunInput({ ...base, seed: bad })).toMatchObject({ ok: false, field: 'seed' });
  });

  it('feature spec: empty is omitted (derived on the server), JSON is passed through, bad JSON names the field', () => {
    const none = buildStartRunInput(base);
    expect(none.ok && 'spec' in none.input).toBe(false);
    const given = buildStartRunInput({ ...base, specJson: '{"version":1,"inputs":[]}' });
    expect(given.ok && given.input.spec).toEqual({ version: 1, inputs: [] });
    expect(buildStartRunInput({ ...base, specJson: '{' })).toMatchObject({ ok: false, field: 'spec' });
  });

  it('names the missing required field', () => {
    expect(buildStartRunInput({ ...base, experiment: '  ' })).toMatchObject({ ok: false, field: 'experiment' });
    expect(buildStartRunInput({ ...base, datasetVersionId: '' })).toMatchObject({ ok: false, field: 'datasetVersionId' });
    expect(buildStartRunInput({ ...base, target: '' })).toMatchObject({ ok: false, field: 'target' });
    expect(buildStartRunInput({ ...base, trainer: '' })).toMatchObject({ ok: false, field: 'trainer' });
  });
});

describe('numericDefaults', () => {
  it('keeps only number-valued defaults, in order', () => {
    expect(numericDefaults({ n_trees: 100, objective: 'binary', lr: 0.1, flag: true })).toEqual([
      ['n_trees', 100],
      ['lr', 0.1],
    ]);
  });
});

describe('buildStartRunInput: the column picker', () => {
  it('sends the ticked columns, lets a JSON spec win, and refuses an empty choice', () => {
    const picked = buildStartRunInput({ ...base, columns: ['age', 'income'] });
    expect(picked.ok && picked.input.columns).toEqual(['age', 'income']);
    const spec = buildStartRunInput({ ...base, columns: ['age'], specJson: '{"version":1}' });
    expect(spec.ok && [spec.input.spec, spec.input.columns]).toEqual([{ version: 1 }, undefined]);
    expect(buildStartRunInput({ ...base, columns: [] })).toEqual({ ok: false, field: 'columns', message: 'pick at least one input column' });
  });
});
