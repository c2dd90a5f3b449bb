import type http from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A body is JSON: no content type (curl -d aside, clients that send none) or application/json / *+json. */
function checkContentType(req: http.IncomingMessage): void {
  const ct = req.headers['content-type'];
  if (ct === undefined) return;
  const type = ct.split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  throw new HttpError(415, `content-type must be application/json, got '${ct.slice(0, 80)}'`);
}

/** Reads a JSON body up to `limit` bytes; past it, 413 without reading the rest. */
export function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      checkContentType(req);
    } catch (e) {
      req.resume();
      return reject(e);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new HttpError(413, `body is ${declared} bytes; the limit is ${limit} (VIGIL_SERVE_MAX_BODY_BYTES)`));
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, `body exceeds ${limit} bytes (VIGIL_SERVE_MAX_BODY_BYTES)`));
        return;
      }
      parts.push(c);
    });
    req.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(parts).toString('utf8');
      if (!text) return reject(new HttpError(400, 'empty body: send a JSON document'));
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new HttpError(400, `body is not valid JSON: ${(e as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A JSON document already serialised (hot paths that write their answer as text). */
export function sendJsonText(res: http.ServerResponse, status: number, text: string): void {
  // Flat header array: no header object to build and walk per answer.
  res.writeHead(status, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}

export function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const k = req.headers['x-api-key'];
  return typeof k === 'string' ? k.trim() : null;
}
