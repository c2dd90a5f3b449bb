// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per source area,
// so the serve bench can say where the serving process spends its CPU.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; where: string; selfMs: number; share: number }[];
  areas: { area: string; selfMs: number; share: number }[];
}

/** Buckets a script URL into a readable area (ours, a dependency, Node internals, …). */
function area(url: string, name: string): string {
  if (!url) return name === '(garbage collector)' || name === '(idle)' || name === '(program)' ? name : `native: ${name || '(anonymous)'}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `dep: ${nm[1]}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const ours = /\/(server|workers|lib)\/(.*)$/.exec(url);
  if (ours) return `vigil: ${ours[1]}/${ours[2]}`;
  return url;
}

export function summariseCpuProfile(file: string, top = 20): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  // Self time from the sample stream (timeDeltas[i] is the time before sample i).
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  const byFn = new Map<string, { name: string; where: string; us: number }>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    if (!us) continue;
    const name = n.callFrame.functionName || '(anonymous)';
    const where = n.callFrame.url ? `${n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|server|workers|lib)\//, '$1/')}:${n.callFrame.lineNumber + 1}` : '';
    const k = `${name}@${where}`;
    const f = byFn.get(k) ?? { name, where, us: 0 };
    f.us += us;
    byFn.set(k, f);
    const a = area(n.callFrame.url, name);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    total += us;
  }
  const share = (us: number) => Math.round((1000 * us) / total) / 10;
  return {
    totalMs: total / 1000,
    functions: [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, selfMs: Math.round(f.us / 1000), share: share(f.us) })),
    areas: [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([a, us]) => ({ area: a, selfMs: Math.round(us / 1000), share: share(us) })),
  };
}
