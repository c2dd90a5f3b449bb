import { describe, expect, it } from 'vitest';
import { refuseCrossSite } from '@/server/http/origin-check';

const req = (method: string, headers: Record<string, string>) => new Request('http://vigil.local:3000/api/x', { method, headers });

describe('cookie-authenticated mutations (CSRF)', () => {
  it('accepts a same-origin POST and any GET', () => {
    expect(refuseCrossSite(req('POST', { host: 'vigil.local:3000', origin: 'http://vigil.local:3000' }), undefined)).toBeNull();
    expect(refuseCrossSite(req('GET', { host: 'vigil.local:3000', origin: 'https://evil.example' }), undefined)).toBeNull();
  });

  it('refuses a POST from another origin, a sibling subdomain included, and one with no Origin', () => {
    expect(refuseCrossSite(req('POST', { host: 'vigil.local:3000', origin: 'https://evil.example' }), undefined)).toMatch(/origin/i);
    expect(refuseCrossSite(req('POST', { host: 'vigil.corp.example', origin: 'https://wiki.corp.example' }), undefined)).toMatch(/origin/i);
    expect(refuseCrossSite(req('DELETE', { host: 'vigil.local:3000' }), undefined)).toMatch(/origin/i);
  });

  it('uses NEXTAUTH_URL as the expected origin when set (behind a proxy the Host may differ)', () => {
    expect(refuseCrossSite(req('POST', { host: '10.0.0.5:3000', origin: 'https://vigil.example.com' }), 'https://vigil.example.com/')).toBeNull();
    expect(refuseCrossSite(req('POST', { host: 'vigil.example.com', origin: 'http://vigil.example.com' }), 'https://vigil.example.com')).toMatch(/origin/i);
  });

  it('does not apply to bearer-token calls (no ambient credential to ride on)', () => {
    expect(refuseCrossSite(req('POST', { host: 'vigil.local:3000', authorization: 'Bearer vgl_x', origin: 'https://evil.example' }), undefined)).toBeNull();
  });
});
