// next-auth configuration: credentials provider, JWT sessions that carry the user id and role.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { redis } from '@/server/redis';
import { signIn } from '@/server/services/auth/sign-in';
import { ServiceError } from '@/server/services/errors';
import { clientAddress, parseTrustedProxies } from '@/server/http/client-address';
import { isRole } from './permissions';

function clientIp(headers: Record<string, unknown> | undefined): string {
  const h = new Headers();
  for (const [k, v] of Object.entries(headers ?? {})) if (typeof v === 'string') h.set(k, v);
  return clientAddress(h, parseTrustedProxies(env().VIGIL_TRUSTED_PROXIES));
}

/** Behind https the session cookie must never travel over plain http. */
export function secureCookiesFor(nextauthUrl: string | undefined): boolean {
  return !!nextauthUrl && nextauthUrl.startsWith('https://');
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    useSecureCookies: secureCookiesFor(env().NEXTAUTH_URL),
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          try {
            const u = await signIn({ db: db(), redis: redis() }, { email: credentials.email, password: credentials.password, ip: clientIp(req?.headers) });
            return { id: u.id, email: u.email, name: u.name, role: u.role };
          } catch (e) {
            // next-auth turns a thrown error into ?error=<message> for the sign-in page.
            if (e instanceof ServiceError) throw new Error(e.message, { cause: e });
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as { role?: string }).role ?? 'viewer';
          // Not the JWT's iat, which next-auth renews whenever it re-issues the cookie.
          token.signedInAt = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === 'string') {
          session.user.id = token.uid;
          session.user.role = isRole(token.role) ? token.role : 'viewer';
          if (typeof token.signedInAt === 'number') session.issuedAt = token.signedInAt;
        }
        return session;
      },
    },
  };
}
