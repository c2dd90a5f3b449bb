import { describe, expect, it } from 'vitest';
import { addOutputs, emptyOutputCounts, mergeOutputCounts, type OutputBinning } from './output-bins';
import { multiclassReference, regressionReference } from './reference';
import { predictionDrift } from './window';

const mc: OutputBinning = { task: 'multiclass', classes: ['a', 'b'], index: new Map([['a', 0], ['b', 1]]) };

describe('output roll-ups and prediction drift per task', () => {
  it('multiclass: probability bins and predicted classes; malformed outputs are counted as invalid', () => {
    const c = emptyOutputCounts(mc);
    addOutputs(mc, c, { label: 'a', probabilities: { a: 0.9, b: 0.1 } });
    addOutputs(mc, c, { label: 'b', probabilities: { a: 0.3, b: 0.7 } });
    for (const bad of [null, { label: 'z', probabilities: { a: 0.5, b: 0.5 } }, { label: 'a', probabilities: { a: 0.5 } }, { label: 'a', probabilities: { a: 'x', b: 1 } }, { label: 'a', probabilities: { a: 0.5, b: null } }]) addOutputs(mc, c, bad);
    expect(c).toMatchObject({ n: 2, invalid: 5, predicted: [1, 1] });
    if (c.task !== 'multiclass') throw new Error('task');
    expect(c.probabilities[0][18]).toBe(1);
    expect(c.probabilities[0][6]).toBe(1);
    const twice = mergeOutputCounts(emptyOutputCounts(mc), c);
    mergeOutputCounts(twice, c);
    expect(twice).toMatchObject({ n: 4, invalid: 10, predicted: [2, 2] });
  });

  it('multiclass drift: identical windows are 0; a class absent from the window stays finite and drifts', () => {
    const probs = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7]);
    const ref = multiclassReference(probs, ['a', 'b']);
    expect(ref.predicted).toEqual([2, 2]);
    const same = emptyOutputCounts(mc);
    for (let i = 0; i < 4; i++) addOutputs(mc, same, { label: probs[2 * i] >= probs[2 * i + 1] ? 'a' : 'b', probabilities: { a: probs[2 * i], b: probs[2 * i + 1] } });
    const d = predictionDrift(ref, [], same, 4);
    expect(d.statistic).toBeCloseTo(0, 12);
    const onlyB = emptyOutputCounts(mc);
    for (let i = 0; i < 4; i++) addOutputs(mc, onlyB, { label: 'b', probabilities: { a: 0.2, b: 0.8 } });
    const shifted = predictionDrift(ref, [], onlyB, 4);
    // Predicted mix: reference ½ ½, window 0 (floored at 0.0001) and 1.
    const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    expect(shifted.components[0]).toMatchObject({ name: 'predicted class', kind: 'predicted_class', drifted: true });
    expect(shifted.components[0].statistic).toBeCloseTo(expected, 12);
    expect(shifted.classShares).toEqual([{ class: 'a', reference: 0.5, window: 0 }, { class: 'b', reference: 0.5, window: 1 }]);
    expect(predictionDrift(ref, [], onlyB, 5).statistic).toBeNull();
  });

  it('regression: the value in the reference deciles; non-finite predictions are not counted', () => {
    const ref = regressionReference(Array.from({ length: 100 }, (_, i) => i));
    expect(ref.n).toBe(100);
    expect(ref.edges).toHaveLength(9);
    const b: OutputBinning = { task: 'regression', edges: ref.edges };
    const c = emptyOutputCounts(b);
    for (let i = 0; i < 100; i++) addOutputs(b, c, { prediction: i });
    addOutputs(b, c, { prediction: Number.NaN });
    addOutputs(b, c, { prediction: '5' });
    expect(c).toMatchObject({ n: 100, invalid: 2, sum: 4950 });
    expect(predictionDrift(ref, [], c, 10)).toMatchObject({ task: 'regression', statistic: 0, drifted: false, mean: { reference: 49.5, window: 49.5 } });
    const high = emptyOutputCounts(b);
    for (let i = 0; i < 50; i++) addOutputs(b, high, { prediction: 1000 });
    const d = predictionDrift(ref, [], high, 10);
    expect(d.statistic).toBeGreaterThan(1);
    expect(d.drifted).toBe(true);
    // No reference bins (an upload without training data): the mean is still kept.
    const none = emptyOutputCounts({ task: 'regression', edges: null });
    addOutputs({ task: 'regression', edges: null }, none, { prediction: 3 });
    expect(none).toMatchObject({ n: 1, counts: [], sum: 3 });
  });
});
