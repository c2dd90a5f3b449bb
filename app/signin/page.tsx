import { SignInForm } from './sign-in-form';

export default function SignInPage() {
  return (
    <main className="flex min-h-screen items-center justify-center">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold">Sign in to Vigil</h1>
        <SignInForm />
      </div>
    </main>
  );
}
