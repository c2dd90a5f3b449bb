import { describe, expect, it } from 'vitest';
import { classifyFailure, failFast, isFinalFailure, isTransient, PermanentJobError } from './failures';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('failure classification', () => {
  it('database and network failures are transient, found through the cause chain', () => {
    expect(isTransient(pgError('08006', 'connection failure'))).toBe(true);
    expect(isTransient(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isTransient(pgError('40001'))).toBe(true);
    expect(isTransient(pgError('40P01'))).toBe(true);
    expect(isTransient(pgError('ECONNREFUSED'))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    // Drizzle wraps the driver's error: "Failed query: …" with the pg error as its cause.
    expect(isTransient(Object.assign(new Error('Failed query: insert into run_steps'), { cause: pgError('57P03', 'the database system is starting up') }))).toBe(true);
  });
  it('bad data is not transient: unique violation, bad input, a plain error', () => {
    expect(isTransient(pgError('23505', 'duplicate key'))).toBe(false);
    expect(isTransient(pgError('22P02', 'invalid input syntax'))).toBe(false);
    expect(isTransient(new Error('target column y must be 0/1'))).toBe(false);
    expect(isTransient(null)).toBe(false);
  });
  it('classifies permanent, transient and unknown', () => {
    expect(classifyFailure(new PermanentJobError('bad'))).toBe('permanent');
    expect(classifyFailure(Object.assign(new Error('x'), { name: 'UnrecoverableError' }))).toBe('permanent');
    expect(classifyFailure(pgError('08001'))).toBe('transient');
    expect(classifyFailure(new Error('boom'))).toBe('unknown');
  });
  it('a job is final when permanent, out of attempts, or stalled too often', () => {
    const job = (attemptsMade: number, attempts?: number) => ({ attemptsMade, opts: { attempts } });
    expect(isFinalFailure(job(1, 3), pgError('08006'))).toBe(false);
    expect(isFinalFailure(job(3, 3), pgError('08006'))).toBe(true);
    expect(isFinalFailure(job(1, 3), new PermanentJobError('bad'))).toBe(true);
    expect(isFinalFailure(job(1), new Error('x'))).toBe(true);
    expect(isFinalFailure(job(0, 3), new Error('job stalled more than allowable limit'))).toBe(true);
  });
  it('failFast rejects a promise that never settles, with a transient error', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await failFast(never, 20, 'adding a job').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Redis unavailable: adding a job did not complete within 20 ms/);
    expect(isTransient(err)).toBe(true);
    await expect(failFast(Promise.resolve(7), 20, 'x')).resolves.toBe(7);
  });
});
