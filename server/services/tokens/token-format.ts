// Token text: `vgl_<prefix>_<secret>`. The prefix finds the row; the SHA-256 of the whole token
// is compared in constant time. A high-entropy random secret needs no slow hash.
import crypto from 'node:crypto';

export function newToken(): { token: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(6).toString('hex');
  const token = `vgl_${prefix}_${crypto.randomBytes(24).toString('base64url')}`;
  return { token, prefix, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function parseToken(token: string): { prefix: string } | null {
  const m = /^vgl_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(token);
  return m ? { prefix: m[1] } : null;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
