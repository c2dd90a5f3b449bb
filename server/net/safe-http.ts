// Outbound HTTP to user-chosen URLs (webhooks) without letting them reach inside: the host is
// resolved first, every address it resolves to is checked (loopback, link-local, private,
// unique-local, CGNAT, unspecified, multicast, IPv4-mapped forms of these), and the connection
// goes to the checked address itself (a second DNS answer cannot rebind it). Redirects are
// never followed. A refused target throws TargetRefusedError before any packet is sent.
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { inRanges, parseCidr } from '@/server/http/client-address';

export class TargetRefusedError extends Error {}

const BLOCKED = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', '::ffff:0:0/96', '64:ff9b::/96', '100::/64', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
].map(parseCidr);

/** True for an address a webhook must not reach unless private targets are allowed. */
export function isPrivateAddress(ip: string): boolean {
  // client-address normalises ::ffff:a.b.c.d to a.b.c.d, so mapped forms are judged as IPv4.
  return inRanges(ip, BLOCKED) || !net.isIP(ip.replace(/^::ffff:/i, ''));
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolve: Resolver = async (host) => (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The address to connect to, after checking every address the host resolves to. */
export async function resolveTarget(url: URL, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<string> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefusedError('target refused: only http and https URLs');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolve)(host);
    } catch {
      throw new TargetRefusedError(`target refused: ${host} does not resolve`);
    }
  }
  if (!addresses.length) throw new TargetRefusedError(`target refused: ${host} does not resolve`);
  if (!opts.allowPrivate && addresses.some(isPrivateAddress)) {
    throw new TargetRefusedError('target refused: it is a loopback, link-local or private address (an admin can allow private targets)');
  }
  return addresses[0];
}

export interface SafePostOptions {
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs?: number;
  resolve?: Resolver;
}

/** POSTs once; resolves with the status (redirects are answers, not followed). */
export async function safePost(rawUrl: string, opts: SafePostOptions): Promise<{ status: number }> {
  const url = new URL(rawUrl);
  const address = await resolveTarget(url, opts);
  const mod = url.protocol === 'https:' ? https : http;
  const family = net.isIPv6(address) ? 6 : 4;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    // A whole-exchange deadline: the socket timeout alone lets a trickling receiver hold us forever.
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    const req = mod.request(
      url,
      {
        method: 'POST',
        headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        // Connect to the checked address; the URL's host still goes in Host and TLS SNI.
        lookup: (_host, options, cb) => {
          if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
        timeout: timeoutMs,
      },
      (res) => {
        // Only the status matters: the body is discarded, and the connection closed once it ends.
        res.resume();
        res.on('end', () => {
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0 });
        });
        res.on('error', (e) => {
          clearTimeout(deadline);
          reject(e);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
    req.end(opts.body);
  });
}
