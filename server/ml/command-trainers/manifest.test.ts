// trainer.json validation (each bad manifest refused with the field named), the params schema
// built from it, the folder hash, and the stdout record parser.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainerParams } from '../training/params';
import { hashTrainerDir, loadCommandTrainer, TrainerManifestError } from './manifest';
import { parseOutputLine } from './output-lines';

function trainerDir(name: string, manifest: unknown, files: Record<string, string> = {}): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vigil-manifest-')), name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'trainer.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const good = {
  name: 'mlp',
  version: '2',
  command: ['python3', 'train.py'],
  needs: 'gpu',
  params: {
    epochs: { type: 'integer', default: 10, min: 1, max: 100 },
    lr: { type: 'number', default: 0.01 },
    optimizer: { type: 'string', default: 'adam', enum: ['adam', 'sgd'] },
    shuffle: { type: 'boolean', default: true },
  },
};

describe('trainer.json', () => {
  it('loads a valid manifest into a strict params schema with defaults', () => {
    const t = loadCommandTrainer(trainerDir('mlp', good, { 'train.py': 'print(1)' }));
    expect(t.manifest.needs).toBe('gpu');
    expect(t.manifest.timeout_s).toBe(3600);
    expect(parseTrainerParams(t, {})).toEqual({ epochs: 10, lr: 0.01, optimizer: 'adam', shuffle: true });
    expect(() => parseTrainerParams(t, { epochs: 101 })).toThrow(/mlp parameter epochs/);
    expect(() => parseTrainerParams(t, { epochs: 1.5 })).toThrow(/mlp parameter epochs/);
    expect(() => parseTrainerParams(t, { optimizer: 'rmsprop' })).toThrow(/mlp parameter optimizer/);
    expect(() => parseTrainerParams(t, { layers: 3 })).toThrow(/unknown mlp parameter\(s\): layers/);
  });

  it.each([
    ['not JSON', '{"name": "mlp",', /is not valid JSON/],
    ['a name other than the folder', { ...good, name: 'other' }, /name 'other' must equal the folder name 'mlp'/],
    ['an empty command', { ...good, command: [] }, /command: /],
    ['an unknown field', { ...good, gpu: true }, /Unrecognized key.*gpu/],
    ['needs other than cpu/gpu', { ...good, needs: 'tpu' }, /needs: /],
    ['a default outside min/max', { ...good, params: { e: { type: 'integer', default: 0, min: 1 } } }, /params\.e\.default is outside \[min, max\]/],
    ['a default outside its enum', { ...good, params: { o: { type: 'string', default: 'x', enum: ['a'] } } }, /params\.o\.default is not one of its enum values/],
    ['a parameter name that is not an identifier', { ...good, params: { 'a b': { type: 'boolean', default: true } } }, /trainer.json: params/],
    ['a zero timeout', { ...good, timeout_s: 0 }, /timeout_s: /],
  ])('refuses %s', (_what, manifest, reason) => {
    expect(() => loadCommandTrainer(trainerDir('mlp', manifest))).toThrow(reason);
  });

  it('refuses an oversized manifest before parsing it', () => {
    expect(() => loadCommandTrainer(trainerDir('mlp', JSON.stringify({ ...good, description: 'x'.repeat(70_000) })))).toThrow(TrainerManifestError);
  });

  it('hashes the folder: any change to a file or its name changes the hash', () => {
    const a = trainerDir('mlp', good, { 'train.py': 'print(1)' });
    const b = trainerDir('mlp', good, { 'train.py': 'print(2)' });
    const c = trainerDir('mlp', good, { 'train2.py': 'print(1)' });
    const a2 = trainerDir('mlp', good, { 'train.py': 'print(1)' });
    expect(hashTrainerDir(a)).toBe(hashTrainerDir(a2));
    expect(new Set([hashTrainerDir(a), hashTrainerDir(b), hashTrainerDir(c)]).size).toBe(3);
  });
});

describe('program output lines', () => {
  it('reads progress and runtime records; everything else is a log line', () => {
    expect(parseOutputLine('{"type":"progress","step":2,"total":5,"metrics":{"loss":0.5}}')).toEqual({ kind: 'progress', progress: { phase: 'final', iteration: 2, total: 5, metrics: { loss: 0.5 } } });
    expect(parseOutputLine('{"type":"runtime","runtime":{"torch":"2.1.0","cuda":12.1,"gpu":false}}')).toEqual({ kind: 'runtime', runtime: { torch: '2.1.0', cuda: '12.1', gpu: 'false' } });
    expect(parseOutputLine('epoch 3 done')).toEqual({ kind: 'log' });
    expect(parseOutputLine('{"loss": 1}')).toEqual({ kind: 'log' });
    expect(parseOutputLine('{not json')).toEqual({ kind: 'log' });
  });

  it.each([
    ['{"type":"progress","step":0,"total":5}', /step must be an integer/],
    ['{"type":"progress","step":6,"total":5}', /total must be an integer ≥ step/],
    ['{"type":"progress","step":1.5,"total":5}', /step must be an integer/],
    ['{"type":"progress","step":1,"total":5,"phase":"warmup"}', /phase must be/],
    ['{"type":"progress","step":1,"total":5,"metrics":{"loss":"NaN"}}', /metric 'loss' must be a finite number/],
    ['{"type":"progress","step":1,"total":5,"metrics":[1]}', /metrics must be an object/],
    [`{"type":"progress","step":1,"total":5,"metrics":{${Array.from({ length: 51 }, (_, k) => `"m${k}":1`).join(',')}}}`, /at most 50 metrics/],
    ['{"type":"runtime","runtime":{"gpus":["a"]}}', /runtime 'gpus' must be a string/],
  ])('refuses a malformed record: %s', (line, reason) => {
    const r = parseOutputLine(line);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });
});
