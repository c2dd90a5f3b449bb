// The permission matrix, generated from the routers: every tRPC procedure of the app router and
// every REST route under app/api, for every role and for anonymous callers, is allowed or
// refused exactly as its declared access says (tRPC: the procedure's meta, set by
// protectedProcedure / permissionProcedure; REST: server/api/rest-access.ts). A procedure or
// route without a declared access fails here. "Allowed" means the permission layer let the call
// through: it may still fail validation (BAD_REQUEST) or find nothing (NOT_FOUND).
import fs from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { REST_ACCESS, type Access } from '@/server/api/rest-access';
import { ROLES, can, type Role } from '@/server/auth/permissions';
import { callerAs, makeUser } from './helpers/factories';

type Who = Role | 'anonymous';
const WHO: Who[] = [...ROLES, 'anonymous'];
/** Deliberately not a valid input for any procedure that takes one: nothing gets changed. */
const NOT_AN_INPUT = '__permission_matrix__';

function allowed(access: Access, who: Who): boolean {
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  return access === 'signed-in' || can(who, access);
}

const users = new Map<Who, Awaited<ReturnType<typeof makeUser>> | null>();
const tokens = new Map<Who, string>();
beforeAll(async () => {
  users.set('anonymous', null);
  for (const role of ROLES) {
    const u = await makeUser(role);
    users.set(role, u);
    tokens.set(role, (await callerAs(u).tokens.create({ name: 'permission matrix', expiresInDays: 1 })).token);
  }
});

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { access?: Access } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>).sort(([a], [b]) => a.localeCompare(b));

describe('tRPC permission matrix', () => {
  it('finds the procedures, and every one declares its access', () => {
    expect(procedures.length).toBeGreaterThan(60);
    expect(procedures.filter(([, p]) => !p._def.meta?.access).map(([name]) => name)).toEqual([]);
  });

  for (const [name, proc] of procedures) {
    const access = proc._def.meta?.access;
    if (!access) continue;
    it(`${name} (${access})`, async () => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const who of WHO) {
        const caller = callerAs(users.get(who) ?? null) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
        const fn = name.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
        let code = 'OK';
        try {
          await fn(NOT_AN_INPUT);
        } catch (e) {
          code = e instanceof TRPCError ? e.code : `THREW ${(e as Error).message}`;
        }
        const refused = code === 'FORBIDDEN' || code === 'UNAUTHORIZED';
        outcome[who] = refused ? code : 'allowed';
        expected[who] = allowed(access, who) ? 'allowed' : who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
      }
      expect(outcome).toEqual(expected);
    });
  }
});

/** Every route file under app/api and the HTTP methods it exports. */
function restRoutes(): { route: string; file: string; methods: string[] }[] {
  const root = path.resolve('app/api');
  const out: { route: string; file: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'route.ts') {
        const text = fs.readFileSync(p, 'utf8');
        const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => new RegExp(`export (async function ${m}\\b|\\{[^}]*\\bas ${m}\\b|const ${m}\\b)`).test(text));
        out.push({ route: '/' + path.relative(path.resolve('app'), path.dirname(p)).split(path.sep).join('/'), file: p, methods });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

const SAMPLE_PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', name: 'permission-matrix-model', version: '1', alias: 'production' };

describe('REST permission matrix', () => {
  const routes = restRoutes();
  const declared = routes.flatMap((r) => r.methods.map((m) => `${m} ${r.route}`));

  it('finds the routes, and every method of every route declares its access', () => {
    expect(routes.length).toBeGreaterThan(8);
    expect(declared.filter((k) => !(k in REST_ACCESS))).toEqual([]);
    expect(Object.keys(REST_ACCESS).filter((k) => !declared.includes(k))).toEqual([]);
  });

  for (const key of declared) {
    const access = REST_ACCESS[key];
    if (!access || access === 'delegated') continue;
    const [method, route] = key.split(' ');
    it(`${key} (${access})`, async () => {
      const r = routes.find((x) => x.route === route)!;
      const mod = (await import(r.file)) as Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
      const params: Record<string, string> = {};
      for (const m of route.matchAll(/\[(\w+)\]/g)) params[m[1]] = SAMPLE_PARAMS[m[1]];
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const who of WHO) {
        // Anonymous: a bad bearer token (a cookie session needs Next's request scope).
        const authorization = who === 'anonymous' ? 'Bearer vgl_nobody_000000000000' : `Bearer ${tokens.get(who)}`;
        const url = `http://vigil.local${route.replace(/\[(\w+)\]/g, (_, p: string) => params[p])}`;
        const req = new Request(url, { method, headers: access === 'public' ? {} : { authorization, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '' });
        const res = await mod[method](req, { params: Promise.resolve(params) });
        outcome[who] = res.status === 401 || res.status === 403 ? String(res.status) : 'allowed';
        expected[who] = allowed(access, who) ? 'allowed' : who === 'anonymous' ? '401' : '403';
      }
      expect(outcome).toEqual(expected);
    });
  }
});

describe('identity', () => {
  it('every role may read its own identity and permissions', async () => {
    for (const role of ROLES) {
      const me = await callerAs(await makeUser(role)).me.get();
      expect(me.role).toBe(role);
    }
  });
});
