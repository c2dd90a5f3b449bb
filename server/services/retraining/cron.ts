// Validates the five-field cron of a retraining schedule before it reaches BullMQ (which would
// only fail later, in the worker): minute hour day-of-month month day-of-week, each `*`, a
// number, a range a-b, a step (*/n, a-b/n) or a comma list of those, within the field's bounds.
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const PART = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;

/** Returns null when valid, else what is wrong. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return `a schedule has 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    for (const part of fields[i].split(',')) {
      const m = PART.exec(part);
      if (!m) return `${f.name} '${fields[i]}': write *, a number, a range a-b, a step */n or a list`;
      const lo = m[2] === undefined ? f.min : Number(m[2]);
      const hi = m[3] === undefined ? lo : Number(m[3]);
      if (lo < f.min || hi > f.max || (m[2] !== undefined && lo > f.max)) return `${f.name} '${part}' is outside ${f.min}–${f.max}`;
      if (hi < lo) return `${f.name} '${part}': the range runs backwards`;
      if (m[4] !== undefined && Number(m[4]) < 1) return `${f.name} '${part}': the step must be at least 1`;
    }
  }
  return null;
}
