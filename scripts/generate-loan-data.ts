// Writes the demo loan-default CSV (see server/demo/loan-data/generator.ts for the process).
// node --import tsx scripts/generate-loan-data.ts --rows 20000 --seed 7 --shift none --out loans.csv
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateLoanRows, loanRowsToCsv, type LoanShift } from '@/server/demo/loan-data';

function fail(message: string): never {
  process.stderr.write(`generate-loan-data: ${message}\n`);
  process.exit(2);
}

function integer(name: string, text: string, min: number): number {
  if (!/^-?\d+$/.test(text)) fail(`--${name} must be an integer, got '${text}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  return n;
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        rows: { type: 'string', default: '20000' },
        seed: { type: 'string', default: '7' },
        shift: { type: 'string', default: 'none' },
        intensity: { type: 'string' },
        'start-index': { type: 'string', default: '0' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  const rows = integer('rows', values.rows, 0);
  const seed = integer('seed', values.seed, Number.MIN_SAFE_INTEGER);
  const startIndex = integer('start-index', values['start-index'], 0);
  const shift = values.shift;
  if (shift !== 'none' && shift !== 'holiday') fail(`--shift must be none or holiday, got '${shift}'`);
  let intensity: number | undefined;
  if (values.intensity !== undefined) {
    intensity = Number(values.intensity);
    if (values.intensity.trim() === '' || !Number.isFinite(intensity) || intensity < 0 || intensity > 1) {
      fail(`--intensity must be a number in [0, 1], got '${values.intensity}'`);
    }
  }
  const csv = loanRowsToCsv(generateLoanRows({ rows, seed, startIndex, shift: shift as LoanShift, intensity }));
  if (values.out === undefined || values.out === '-') process.stdout.write(csv);
  else writeFileSync(values.out, csv);
}

main();
