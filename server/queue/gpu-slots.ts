// One GPU job per GPU at a time: the GPU queue's worker runs with concurrency = number of GPUs,
// and each job takes a free device index here for its lifetime (CUDA_VISIBLE_DEVICES of its program).
export class GpuSlots {
  private readonly free: string[];
  /** onChange runs after a device is taken or given back (the worker refreshes its heartbeat, so "every GPU busy" shows at once). */
  constructor(
    readonly devices: readonly string[],
    private readonly onChange: () => void = () => {},
  ) {
    this.free = [...devices];
  }
  get size(): number {
    return this.devices.length;
  }
  get busy(): number {
    return this.devices.length - this.free.length;
  }
  /** Runs `fn` holding a device; BullMQ never runs more jobs than there are devices, so one is free. */
  async with<T>(fn: (device: string) => Promise<T>): Promise<T> {
    const device = this.free.shift();
    if (device === undefined) throw new Error(`no free GPU: all ${this.devices.length} are busy (the GPU queue's concurrency must equal the GPU count)`);
    this.onChange();
    try {
      return await fn(device);
    } finally {
      this.free.push(device);
      this.free.sort((a, b) => this.devices.indexOf(a) - this.devices.indexOf(b));
      this.onChange();
    }
  }
}
