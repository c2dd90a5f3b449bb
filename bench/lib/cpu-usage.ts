// CPU time of process trees, read from /proc (Linux): lets the serve bench say how many cores
// each server (and the Postgres behind Vigil's log shipper) used during a measured run, and
// how much CPU one request costs. Trees, because gunicorn and Postgres fork workers.
import fs from 'node:fs';
import path from 'node:path';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Stat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may hold spaces).
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}

function allStats(): Stat[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is Stat => s !== null);
}

/** CPU seconds used so far by `root` and every live descendant of it. */
export function treeCpuSeconds(root: number): number {
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const me = stats.find((s) => s.pid === root);
  if (!me) return 0;
  let ticks = 0;
  const stack = [me];
  while (stack.length) {
    const s = stack.pop()!;
    ticks += s.ticks;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks / TICKS_PER_S;
}

/** The postmaster's pid, from postmaster.pid in the data folder. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Snapshot now; call the result to get CPU seconds used since, per named tree. */
export function cpuMeter(roots: Record<string, number | null | undefined>): () => Record<string, number> {
  const t0 = Object.fromEntries(Object.entries(roots).map(([k, pid]) => [k, pid ? treeCpuSeconds(pid) : 0]));
  return () => Object.fromEntries(Object.entries(roots).map(([k, pid]) => [k, (pid ? treeCpuSeconds(pid) : 0) - t0[k]]));
}
