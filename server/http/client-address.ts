// The caller's address for throttling. Next.js fills X-Forwarded-For with the socket address
// only when the client sent none, so the header alone cannot tell a proxy from a liar. The web
// process is started with server/http/peer-address.mjs, which stamps the real socket address on
// every request (overwriting any client copy); X-Forwarded-For is honoured only when that peer
// is one of VIGIL_TRUSTED_PROXIES, and then only up to the first untrusted hop from the right.
import net from 'node:net';

export const PEER_HEADER = 'x-vigil-peer-address';

export type Cidr = { family: 4 | 6; bits: bigint; prefix: number };

function normalise(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

function toBits(ip: string): { family: 4 | 6; bits: bigint } | null {
  const a = normalise(ip.trim());
  if (net.isIPv4(a)) return { family: 4, bits: a.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n) };
  if (!net.isIPv6(a)) return null;
  // Expand "::" and an embedded IPv4 tail into eight 16-bit groups.
  let s = a;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return { family: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n) };
}

export function parseCidr(entry: string): Cidr {
  const [addr, len] = entry.trim().split('/');
  const b = toBits(addr);
  const width = b?.family === 4 ? 32 : 128;
  const prefix = len === undefined ? width : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!b || !(prefix >= 0 && prefix <= width)) throw new Error(`'${entry.trim()}' is not an IP address or CIDR range`);
  return { family: b.family, bits: b.bits, prefix };
}

export function parseTrustedProxies(value: string | undefined): Cidr[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(parseCidr);
}

export function inRanges(ip: string, ranges: Cidr[]): boolean {
  const b = toBits(ip);
  if (!b) return false;
  return ranges.some((r) => {
    if (r.family !== b.family) return false;
    const shift = BigInt((r.family === 4 ? 32 : 128) - r.prefix);
    return b.bits >> shift === r.bits >> shift;
  });
}

/** The client's address; 'unknown' when the web process was started without the peer stamp. */
export function clientAddress(headers: Headers, trusted: Cidr[]): string {
  const peer = headers.get(PEER_HEADER);
  if (!peer) return 'unknown';
  let addr = normalise(peer);
  if (!inRanges(addr, trusted)) return addr;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => normalise(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!toBits(hops[i])) return addr;
    addr = hops[i];
    if (!inRanges(addr, trusted)) return addr;
  }
  return addr;
}
