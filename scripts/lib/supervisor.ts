// A small process supervisor: runs the console's processes with prefixed logs, restarts one
// that crashes (with backoff), and on Ctrl-C stops them all, then whatever services we started.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface ProcSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  color: number;
}

export class Supervisor {
  private children = new Map<string, ChildProcess>();
  private stopping = false;
  private restarts = new Map<string, number>();

  constructor(private readonly cwd: string) {}

  start(spec: ProcSpec): void {
    const child = spawn(spec.command, spec.args, { cwd: this.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.set(spec.name, child);
    const prefix = `\x1b[${spec.color}m[${spec.name}]\x1b[0m `;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
    }
    child.on('exit', (code, signal) => {
      this.children.delete(spec.name);
      if (this.stopping) return;
      const n = (this.restarts.get(spec.name) ?? 0) + 1;
      this.restarts.set(spec.name, n);
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(n - 1, 5));
      process.stdout.write(`${prefix}exited (${signal ?? code}); restarting in ${delay / 1000}s\n`);
      setTimeout(() => !this.stopping && this.start(spec), delay).unref();
    });
  }

  async stopAll(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const waits = [...this.children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    );
    await Promise.all(waits);
  }
}
