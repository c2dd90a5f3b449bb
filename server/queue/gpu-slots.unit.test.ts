import { describe, expect, it } from 'vitest';
import { GpuSlots } from './gpu-slots';

describe('GpuSlots', () => {
  it('gives each concurrent job its own device, and a job beyond the count waits for one to be given back', async () => {
    let changes = 0;
    const slots = new GpuSlots(['0', '1'], () => changes++);
    const held: string[] = [];
    const releases: (() => void)[] = [];
    const job = () =>
      slots.with(
        (d) =>
          new Promise<string>((resolve) => {
            held.push(d);
            releases.push(() => resolve(d));
          }),
      );
    const a = job();
    const b = job();
    const c = job();
    await new Promise((r) => setImmediate(r));
    expect(held).toEqual(['0', '1']);
    expect(slots.busy).toBe(2);
    releases[1]();
    expect(await b).toBe('1');
    await new Promise((r) => setImmediate(r));
    expect(held).toEqual(['0', '1', '1']);
    releases[0]();
    releases[2]();
    expect([await a, await c]).toEqual(['0', '1']);
    expect(slots.busy).toBe(0);
    expect(changes).toBe(6);
  });
  it('gives the device back when the job throws', async () => {
    const slots = new GpuSlots(['3']);
    await expect(slots.with(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(slots.busy).toBe(0);
    expect(await slots.with((d) => Promise.resolve(d))).toBe('3');
  });
  it('a worker without GPUs refuses GPU work', async () => {
    await expect(new GpuSlots([]).with((d) => Promise.resolve(d))).rejects.toThrow(/no GPU/);
  });
});
