// Talking to a running console for the online commands: a typed tRPC client with the user's
// API token, and the REST upload routes. Configuration comes from VIGIL_URL and VIGIL_TOKEN
// (or --url / --token); the CLI, a separate program, reads them here and nowhere else.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../server/api/root';
import { CliError } from '../command';

export interface RemoteOptions {
  url?: string;
  token?: string;
}

export const remoteOptions = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const REMOTE_HELP = `Connection:
  --url <url>       console URL (default: $VIGIL_URL, else http://localhost:3000)
  --token <token>   API token from Settings → API tokens (default: $VIGIL_TOKEN)
  --json            print one JSON document`;

export function connection(o: RemoteOptions): { url: string; token: string } {
  const url = (o.url ?? process.env.VIGIL_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = o.token ?? process.env.VIGIL_TOKEN;
  if (!token) throw new CliError('no API token: pass --token or set VIGIL_TOKEN (create one in the console under Settings → API tokens)');
  return { url, token };
}

export function client(o: RemoteOptions) {
  const { url, token } = connection(o);
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/api/trpc`, transformer: superjson, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

/** Runs a remote call, turning transport and server errors into one-line CLI errors. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const code = (e.data as { code?: string } | undefined)?.code;
      throw new CliError(code ? `${code.toLowerCase().replace(/_/g, ' ')}: ${e.message}` : e.message, code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? 3 : 2);
    }
    if (e instanceof TypeError && /fetch failed/.test(e.message)) throw new CliError(`cannot reach the console: ${(e as Error & { cause?: Error }).cause?.message ?? e.message}`, 4);
    throw e;
  }
}

/** POSTs a file body to a REST route and returns its JSON, or throws the server's message. */
export async function postFile(o: RemoteOptions, pathAndQuery: string, body: ReadableStream | Uint8Array, contentType: string): Promise<unknown> {
  const { url, token } = connection(o);
  let res: Response;
  try {
    res = await fetch(`${url}${pathAndQuery}`, {
      method: 'POST',
      body: body as BodyInit,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (e) {
    throw new CliError(`cannot reach the console: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`, 4);
  }
  const json = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
  if (!res.ok) throw new CliError(json?.error?.message ?? `HTTP ${res.status}`, res.status === 401 || res.status === 403 ? 3 : 2);
  return json;
}

export function printJsonOr(io: { stdout: (s: string) => void }, json: boolean | undefined, value: unknown, text: () => string): void {
  io.stdout(json ? JSON.stringify(value) + '\n' : text());
}
