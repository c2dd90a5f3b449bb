// Same-site request forgery: the session cookie rides along on any request the browser makes to
// the console, even one a sibling site triggers (SameSite=Lax stops cross-site POSTs, not
// same-site ones). So a state-changing request authenticated by the cookie must carry an Origin
// equal to the console's own: NEXTAUTH_URL's origin when set (behind a proxy the Host header may
// be internal), else the request's Host. Bearer-token calls carry no ambient credential.
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A refusal message, or null when the request may proceed. */
export function refuseCrossSite(req: Request, nextauthUrl: string | undefined): string | null {
  if (SAFE.has(req.method)) return null;
  if (req.headers.get('authorization')?.startsWith('Bearer ')) return null;
  const origin = req.headers.get('origin');
  if (!origin) return 'a signed-in change must carry an Origin header (send an API token with Authorization: Bearer for scripts)';
  let expected: string;
  if (nextauthUrl) expected = new URL(nextauthUrl).origin;
  else {
    const host = req.headers.get('host');
    const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
    expected = host ? `${proto}://${host}` : new URL(req.url).origin;
  }
  return origin === expected ? null : `refused: the request's origin ${origin} is not this console's (${expected})`;
}

/** tRPC posts must be JSON: an HTML form can only send urlencoded, multipart or text/plain bodies. */
export function refuseNonJsonPost(req: Request): string | null {
  if (req.method !== 'POST') return null;
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' ? null : `tRPC calls must be POSTed as application/json (got ${type || 'no content type'})`;
}
