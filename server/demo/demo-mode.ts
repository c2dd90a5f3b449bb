// Whether `npm run up` runs the demo (users with published passwords, an all-models serving key,
// the loan-default pipeline and its traffic). On by default only on the embedded database: an
// operator who gives DATABASE_URL gets no demo accounts unless they ask (VIGIL_DEMO=1).
export function demoEnabled(source: { VIGIL_DEMO?: string; DATABASE_URL?: string }): boolean {
  const v = source.VIGIL_DEMO?.trim().toLowerCase();
  if (v === undefined || v === '') return !source.DATABASE_URL;
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new Error(`VIGIL_DEMO must be 1/true/on or 0/false/off, got '${source.VIGIL_DEMO}'`);
}
