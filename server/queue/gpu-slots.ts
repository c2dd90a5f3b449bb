// One GPU job per GPU at a time. Every GPU queue of a worker (training, batch scoring) runs with
// concurrency = number of GPUs and shares one GpuSlots: a job takes a free device index here for
// its lifetime (its program's CUDA_VISIBLE_DEVICES, its session's CUDA device) and, when jobs of
// several GPU queues arrive together, waits for a device to be given back.
export class GpuSlots {
  private readonly free: string[];
  private readonly waiters: ((device: string) => void)[] = [];

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

  private acquire(): Promise<string> {
    const device = this.free.shift();
    if (device !== undefined) return Promise.resolve(device);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(device: string): void {
    const next = this.waiters.shift();
    if (next) {
      next(device);
      return;
    }
    this.free.push(device);
    this.free.sort((a, b) => this.devices.indexOf(a) - this.devices.indexOf(b));
  }

  /** Runs `fn` holding a device, waiting for one when all are busy. */
  async with<T>(fn: (device: string) => Promise<T>): Promise<T> {
    if (this.devices.length === 0) throw new Error('this worker has no GPU');
    const device = await this.acquire();
    this.onChange();
    try {
      return await fn(device);
    } finally {
      this.release(device);
      this.onChange();
    }
  }
}
