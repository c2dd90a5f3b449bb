// The TRPCError a service call is refused with (fails the test if the call succeeds or throws
// anything else), so a test can check its code, message and field.
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

export async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}
