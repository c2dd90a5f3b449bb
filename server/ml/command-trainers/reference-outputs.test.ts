// reference_outputs.json (a command trainer's own probabilities): reading it, refusing malformed files with
// the field named, and the largest difference from onnxruntime's scores.
import { describe, expect, it } from 'vitest';
import { compareReference, parseReferenceOutputs, ReferenceOutputsError } from './reference-outputs';

describe('reference_outputs.json', () => {
  it('reads the probabilities and finds the largest difference and its row', () => {
    const ref = parseReferenceOutputs('{"rows": 3, "device": "cpu", "probability": [0.25, 0.5, 1]}', 10);
    expect(Array.from(ref)).toEqual([0.25, 0.5, 1]);
    const r = compareReference(ref, Float64Array.from([0.25, 0.5000001, 0.99999, 0.3]), 1e-5);
    expect(r.rows).toBe(3);
    expect(r.worst_row).toBe(3);
    expect(r.max_abs_probability_diff).toBeCloseTo(1e-5, 12);
    expect(r.tolerance).toBe(1e-5);
  });

  it.each([
    ['{"probability": [0.1,', /not JSON/],
    ['[0.1, 0.2]', /must be a JSON object/],
    ['{"p": [0.1]}', /probability must be an array of numbers/],
    ['{"probability": "0.1"}', /probability must be an array of numbers/],
    ['{"probability": []}', /probability is empty/],
    ['{"probability": [0.1, 0.2, 0.3]}', /3 values, more than the 2 rows/],
    ['{"probability": [0.1, "0.2"]}', /probability\[1\] must be a number in \[0, 1\], got "0.2"/],
    ['{"probability": [0.1, null]}', /probability\[1\] must be a number in \[0, 1\], got null/],
    ['{"probability": [1.5]}', /probability\[0\] must be a number in \[0, 1\], got 1.5/],
    ['{"probability": [-0.1]}', /probability\[0\]/],
  ])('refuses a malformed file: %s', (text, reason) => {
    expect(() => parseReferenceOutputs(text, 2)).toThrow(ReferenceOutputsError);
    expect(() => parseReferenceOutputs(text, 2)).toThrow(reason);
  });
});
