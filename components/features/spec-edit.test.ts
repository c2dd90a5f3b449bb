import { describe, expect, it } from 'vitest';
import { addFeature, addInput, removeFeature, setFeatureName, setInputRange, addTransform, fieldDomId, moveTransform, numberField, numberListField, parseDraftJson, removeInput, removeTransform, seedSpec, setInput, setTransform, validateDraft } from './spec-edit';

const seed = () =>
  seedSpec([
    { name: 'x1', type: 'numeric', nullable: false },
    { name: 'x2', type: 'numeric', nullable: true },
    { name: 'grade', type: 'categorical', nullable: false },
  ]);

describe('spec editor helpers', () => {
  it('seeds the derived spec: standardize, impute first when nullable, one_hot for categoricals; valid as is', () => {
    const s = seed();
    expect(s.features.map((f) => f.transforms.map((t) => t.op))).toEqual([['standardize'], ['impute', 'standardize'], ['one_hot']]);
    expect(validateDraft(s).ok).toBe(true);
  });

  it('adds, moves and removes transforms without touching the input spec object', () => {
    const s = seed();
    const added = addTransform(s, 0, 'clip');
    expect(added.features[0].transforms.map((t) => t.op)).toEqual(['standardize', 'clip']);
    expect(s.features[0].transforms.map((t) => t.op)).toEqual(['standardize']);
    const moved = moveTransform(added, 0, 1, -1);
    expect(moved.features[0].transforms.map((t) => t.op)).toEqual(['clip', 'standardize']);
    expect(moveTransform(moved, 0, 0, -1)).toEqual(moved);
    expect(removeTransform(moved, 0, 1).features[0].transforms.map((t) => t.op)).toEqual(['clip']);
  });

  it('names the field of a semantic error (clip min > max) and accepts the fix', () => {
    const bad = setTransform(addTransform(seed(), 0, 'clip'), 0, 1, { op: 'clip', min: 5, max: 1 });
    const v = validateDraft(bad);
    expect(v).toEqual({ ok: false, field: 'features[0].transforms[1]', message: 'min 5 > max 1' });
    expect(validateDraft(setTransform(bad, 0, 1, { op: 'clip', min: -1, max: 1 })).ok).toBe(true);
  });

  it('keeps a non-number typed in a number box so the validator names that field', () => {
    expect(numberField('')).toBeUndefined();
    expect(numberField(' 2.5 ')).toBe(2.5);
    expect(numberField('1e3')).toBe(1000);
    for (const bad of ['abc', '0x10', 'Infinity', '1e999', '1,5']) expect(numberField(bad)).toBe(bad);
    expect(numberListField('1, 2,x')).toEqual([1, 2, 'x']);
    const draft = setTransform(seed(), 0, 0, { op: 'clip', min: numberField('abc') as number });
    const v = validateDraft(draft);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.field).toBe('features[0].transforms[0].min');
  });

  it('refuses a nullable input without impute and a misplaced impute, naming the transform', () => {
    const s = setInput(seed(), 0, { nullable: true });
    expect(validateDraft(s)).toMatchObject({ ok: false, field: 'features[0].transforms[0]' });
    const late = addTransform(seed(), 0, 'impute');
    expect(validateDraft(late)).toMatchObject({ ok: false, field: 'features[0].transforms[1].op' });
  });

  it('renames an input into its features, resets transforms on a type change, and removes features with their input', () => {
    const renamed = setInput(seed(), 0, { name: 'income' });
    expect(renamed.features[0].input).toBe('income');
    expect(validateDraft(renamed).ok).toBe(true);
    const retyped = setInput(seed(), 0, { type: 'categorical' });
    expect(retyped.features[0].transforms).toEqual([{ op: 'one_hot', max_categories: 50 }]);
    expect(validateDraft(retyped).ok).toBe(true);
    const removed = removeInput(seed(), 2);
    expect(removed.inputs.map((i) => i.name)).toEqual(['x1', 'x2']);
    expect(removed.features.map((f) => f.input)).toEqual(['x1', 'x2']);
    expect(validateDraft(addInput(seed(), 'x1'))).toMatchObject({ ok: false, field: 'inputs[3].name' });
  });

  it('parses the JSON tab: malformed, non-object and list-less text is refused with a message; an object becomes the draft', () => {
    expect(parseDraftJson('{"version": 1,')).toMatchObject({ ok: false, message: expect.stringMatching(/^not valid JSON/) });
    expect(parseDraftJson('[1]')).toMatchObject({ ok: false });
    expect(parseDraftJson('null')).toMatchObject({ ok: false });
    expect(parseDraftJson('{"version":1}')).toMatchObject({ ok: false, message: expect.stringContaining('"inputs"') });
    // Shapes the object view cannot draw are refused here, naming the entry.
    expect(parseDraftJson('{"version":1,"inputs":[null],"features":[]}')).toEqual({ ok: false, message: 'inputs[0] must be an object' });
    expect(parseDraftJson('{"version":1,"inputs":[],"features":[{"input":"a"}]}')).toEqual({ ok: false, message: 'features[0].transforms must be a list' });
    expect(parseDraftJson('{"version":1,"inputs":[],"features":[{"input":"a","transforms":[1]}]}')).toEqual({ ok: false, message: 'features[0].transforms[0] must be an object' });
    expect(parseDraftJson('{"version":1,"inputs":[],"features":["x"]}')).toEqual({ ok: false, message: 'features[0] must be an object' });
    const p = parseDraftJson(JSON.stringify(seed()));
    expect(p.ok && p.draft).toEqual(seed());
    // Parsed but wrong: the validator names the field.
    const wrong = parseDraftJson('{"version":1,"inputs":[],"features":[]}');
    expect(wrong.ok && validateDraft(wrong.draft)).toMatchObject({ ok: false, field: 'inputs' });
  });

  it('refuses an oversized spec with the cap named', () => {
    const s = seed();
    const many = setTransform(s, 0, 0, { op: 'standardize' });
    many.features[0] = { ...many.features[0], transforms: Array.from({ length: 11 }, () => ({ op: 'log1p' as const })) };
    expect(validateDraft(many)).toMatchObject({ ok: false, field: 'features[0].transforms', message: expect.stringContaining('at most 10') });
  });

  it('maps a field path to a DOM id', () => {
    expect(fieldDomId('features[0].transforms[1].min')).toBe('spec-features-0-transforms-1-min');
    expect(fieldDomId('features[0].transforms[1]')).toBe('spec-features-0-transforms-1');
  });

  it('adds a second feature from one input (named apart), removes features, and edits an input range', () => {
    const two = addFeature(seed(), 'x1');
    expect(two.features[3]).toEqual({ input: 'x1', transforms: [{ op: 'standardize' }] });
    expect(validateDraft(two)).toMatchObject({ ok: false, field: 'features[3].name', message: expect.stringContaining("duplicate feature name 'x1__std'") });
    expect(validateDraft(setFeatureName(two, 3, 'x1_b')).ok).toBe(true);
    expect(setFeatureName(setFeatureName(two, 3, 'x1_b'), 3, '').features[3]).not.toHaveProperty('name');
    expect(removeFeature(two, 3)).toEqual(seed());
    const ranged = setInputRange(seed(), 0, 'min', 5);
    expect(ranged.inputs[0]).toEqual({ name: 'x1', type: 'numeric', nullable: false, range: { min: 5 } });
    expect(validateDraft(setInputRange(ranged, 0, 'max', 1))).toMatchObject({ ok: false, field: 'inputs[0].range', message: 'min 5 > max 1' });
    expect(setInputRange(ranged, 0, 'min', undefined).inputs[0]).not.toHaveProperty('range');
    // A categorical input has no range; the edit is ignored.
    expect(setInputRange(seed(), 2, 'min', 1)).toEqual(seed());
  });
});
