import type { Role } from '@/server/auth/permissions';
import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
    /** When the session was signed in (seconds); checked against a password change. */
    issuedAt?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: string;
    /** Sign-in time (seconds), kept across next-auth's re-issues of the cookie. */
    signedInAt?: number;
  }
}
