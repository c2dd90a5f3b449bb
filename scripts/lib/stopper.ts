// Stopping `npm run up` by signal: SIGINT (Ctrl-C, or `kill -INT <pid>`), SIGTERM (systemd,
// Docker, CI) and SIGHUP (terminal closed) all stop everything started so far, in reverse order,
// whichever phase the start-up is in. A signal that arrives while a phase is running aborts it
// (`signal` is passed to what can be cancelled, e.g. the build) and the phase's caller stops at
// its next `check()`; once everything runs, a signal stops at once.
export class StopRequested extends Error {
  constructor(readonly reason: string) {
    super(`stopped by ${reason}`);
  }
}

export class Stopper {
  private readonly controller = new AbortController();
  private readonly steps: { name: string; fn: () => Promise<void> | void }[] = [];
  private running = false;
  private stopping: Promise<never> | null = null;
  private reason: string | null = null;

  constructor(private readonly log: (s: string) => void) {}

  /** Installs the signal handlers; call before starting anything. */
  install(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']): this {
    for (const sig of signals) process.on(sig, () => this.request(sig));
    return this;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Registers a clean-up for something just started; clean-ups run last-registered first. */
  onStop(name: string, fn: () => Promise<void> | void): void {
    this.steps.push({ name, fn });
  }

  /** Throws StopRequested when a signal came during the phase that just ended. */
  check(): void {
    if (this.reason) throw new StopRequested(this.reason);
  }

  /** Start-up is over: from now on a signal stops everything at once. */
  ready(): void {
    this.running = true;
    if (this.reason) void this.stopAndExit(0);
  }

  request(reason: string): void {
    if (this.reason) {
      this.log(`${reason}: already stopping…`);
      return;
    }
    this.reason = reason;
    this.log(`${reason}: stopping…`);
    this.controller.abort(new StopRequested(reason));
    if (this.running) void this.stopAndExit(0);
  }

  /** Runs every clean-up (a failing one is logged, the rest still run), then exits. */
  stopAndExit(code: number): Promise<never> {
    this.stopping ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.fn();
        } catch (e) {
          this.log(`stopping ${step.name} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      this.log('stopped');
      process.exit(code);
    })();
    return this.stopping;
  }
}
