// The trainers shipped in trainers/ load as valid command trainers (the run form and runs.start
// read them through the same manifest checks), and their params validate as documented.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommandTrainer } from './manifest';

describe('shipped command trainers', () => {
  it('torch-mlp: a CPU trainer with validated params', () => {
    const t = loadCommandTrainer(path.resolve('trainers', 'torch-mlp'));
    expect(t.manifest.needs).toBe('cpu');
    expect(t.manifest.command).toEqual(['sh', 'run.sh']);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    const defaults = t.paramsSchema.parse({});
    expect(defaults).toMatchObject({ epochs: 20, batch_size: 256, hidden_layers: 2, hidden_units: 64, categorical: 'embedding', embedding_dim: 8, validation_fraction: 0, device: 'auto' });
    expect(t.paramsSchema.safeParse({ device: 'tpu' }).success).toBe(false);
    expect(t.paramsSchema.safeParse({ epochs: 0 }).success).toBe(false);
    expect(t.paramsSchema.safeParse({ validation_fraction: 0.9 }).success).toBe(false);
    expect(t.paramsSchema.safeParse({ hidden_units: 'many' }).success).toBe(false);
    expect(t.paramsSchema.safeParse({ layers: 3 }).success).toBe(false);
  });
});
