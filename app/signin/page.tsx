import { SignInForm } from './sign-in-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ended = (await searchParams).session === 'ended';
  return (
    <main className="flex min-h-screen items-center justify-center">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold">Sign in to Vigil</h1>
        {ended && (
          <p role="status" className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Your session has ended: the account was deactivated or its password changed. Sign in again.
          </p>
        )}
        <SignInForm />
      </div>
    </main>
  );
}
