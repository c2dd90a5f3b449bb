import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '@/server/http/client-address';

const h = (o: Record<string, string>) => new Headers(o);

describe('client address behind proxies', () => {
  it('ignores a client-supplied X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(h({ 'x-vigil-peer-address': '198.51.100.3', 'x-forwarded-for': '1.2.3.4' }), [])).toBe('198.51.100.3');
  });

  it('takes the right-most address not belonging to a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1');
    const headers = h({ 'x-vigil-peer-address': '10.1.2.3', 'x-forwarded-for': '6.6.6.6, 203.0.113.5, 10.9.9.9' });
    expect(clientAddress(headers, trusted)).toBe('203.0.113.5');
  });

  it('does not honour X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8');
    expect(clientAddress(h({ 'x-vigil-peer-address': '203.0.113.8', 'x-forwarded-for': '1.2.3.4' }), trusted)).toBe('203.0.113.8');
  });

  it('normalises IPv4-mapped IPv6 peers and matches IPv6 ranges', () => {
    const trusted = parseTrustedProxies('::ffff:0:0/96, fd00::/8');
    expect(clientAddress(h({ 'x-vigil-peer-address': '::ffff:127.0.0.1' }), [])).toBe('127.0.0.1');
    expect(clientAddress(h({ 'x-vigil-peer-address': 'fd00::1', 'x-forwarded-for': '2001:db8::7' }), trusted)).toBe('2001:db8::7');
  });

  it('without the peer header (web not started through the preload), forwarded addresses are not trusted', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '1.2.3.4' }), [])).toBe('unknown');
  });

  it('names a wrong proxy entry', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies('not-an-ip')).toThrow(/not-an-ip/);
  });
});
