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

/** The console URL of the client this process made, for error messages (one console per run). */
let consoleUrl = 'the console';

export function client(o: RemoteOptions) {
  const { url, token } = connection(o);
  consoleUrl = url;
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/api/trpc`, transformer: superjson, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

const unreachable = (url: string, e: unknown) => {
  const cause = (e as { cause?: { message?: string; code?: string; errors?: { message: string }[] } }).cause;
  const why = cause?.errors?.map((x) => x.message).join(', ') || cause?.message || cause?.code || (e as Error).message;
  return new CliError(`cannot reach the console at ${url} (${why}); is it running? Set --url or VIGIL_URL`, 4);
};

const refusedToken = (url: string, message: string) => new CliError(`the console at ${url} refused the API token (HTTP 401: ${message}); check --token or VIGIL_TOKEN (Settings → API tokens)`, 3);

/** Runs a remote call, turning transport and server errors into one-line CLI errors. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TRPCClientError) {
      // Refused before tRPC (the route's token check) or not a tRPC answer at all (a proxy, another app).
      const meta = e.meta as { response?: { status?: number }; responseJSON?: { error?: { message?: string; code?: string } } } | undefined;
      const status = meta?.response?.status;
      const plain = meta?.responseJSON?.error;
      const code = (e.data as { code?: string } | undefined)?.code ?? plain?.code;
      if (status === 401 || code === 'UNAUTHORIZED') throw refusedToken(consoleUrl, plain?.message ?? e.message);
      if (!meta?.response && e.cause instanceof Error && /fetch failed/.test(e.cause.message)) throw unreachable(consoleUrl, e.cause);
      if (!e.data && status) throw new CliError(`the console at ${consoleUrl} answered HTTP ${status}${plain?.message ? `: ${plain.message}` : ' (not a Vigil console at this URL?)'}`, 2);
      throw new CliError(code ? `${code.toLowerCase().replace(/_/g, ' ')}: ${plain?.message ?? e.message}` : e.message, code === 'FORBIDDEN' ? 3 : 2);
    }
    if (e instanceof TypeError && /fetch failed/.test(e.message)) throw unreachable(consoleUrl, e);
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
    throw unreachable(url, e);
  }
  const json = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
  if (res.status === 401) throw refusedToken(url, json?.error?.message ?? 'unauthorized');
  if (!res.ok) throw new CliError(json?.error?.message ?? `HTTP ${res.status}`, res.status === 401 || res.status === 403 ? 3 : 2);
  return json;
}

export function printJsonOr(io: { stdout: (s: string) => void }, json: boolean | undefined, value: unknown, text: () => string): void {
  io.stdout(json ? JSON.stringify(value) + '\n' : text());
}
