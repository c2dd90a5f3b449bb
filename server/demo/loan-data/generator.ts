/**
 * Synthetic loan-default data for Vigil's demo: the dataset the demo trains on and the traffic
 * the monitoring simulator replays. Pure and deterministic: the same (seed, row index, scenario)
 * always gives the same applicant, with no I/O and no Math.random.
 *
 * ## Data-generating process
 *
 * Every row is drawn independently from its own xoshiro128** generator seeded from
 * (seed, row index) (see random.ts). N(0,1) draws below are independent unless named twice;
 * `s` is the shift intensity (0 in the `none` scenario). "ln" is the natural log,
 * σ(x) = 1 / (1 + e^-x), and `dInc = ln(annual_income) - ln(60 000)`.
 *
 * 1. gender: F with probability 0.49, else M. It enters nothing below except income (step 5)
 *    and employment (step 6), never the default model directly.
 * 2. region: NORTHEAST 0.18, MIDWEST 0.21, SOUTH 0.38, WEST 0.23.
 * 3. age = clamp(round(19 + 21·e^(0.45·Z)), 21, 80) — right-skewed, median 40.
 * 4. A latent credit reliability R = Z + 0.01·(age - 40), never observed directly; the credit
 *    score and delinquencies are noisy views of it, and it drives default (step 16). What they
 *    do not reveal about R keeps the label from being perfectly predictable.
 * 5. annual_income: log-normal, ln income = ln 60 000 + 0.018·(age-40) - 0.0006·(age-40)²
 *    + region effect (NORTHEAST +0.10, WEST +0.08, MIDWEST -0.04, SOUTH -0.06)
 *    - 0.35·[gender F] + 0.10·R + 0.50·Z; floor 12 000, rounded to 100.
 * 6. employment_years = min(age - 18, floor(e^(ln 3 + 0.03·(age-21) - 0.35·[F] + 0.7·Z)));
 *    missing (empty) with probability 0.05 — the true value still feeds the default model.
 * 7. home_ownership: multinomial logit with RENT as reference; MORTGAGE score
 *    -0.2 + 0.04·(age-40) + 1.0·dInc, OWN score -1.8 + 0.05·(age-40) + 0.3·dInc.
 * 8. num_open_accounts ~ Poisson(7·e^(0.3·dInc + 0.005·(age-40))).
 * 9. delinquencies_2y ~ Poisson(e^(-1.7 - 0.9·R)).
 * 10. credit_score = clamp(round(690 + 48·R + 12·dInc + 0.8·(age-40) - 25·delinquencies
 *     + 22·Z), 300, 850).
 * 11. purpose: debt_consolidation 0.46, credit_card 0.20, home_improvement 0.08, car 0.06,
 *     medical 0.04, small_business 0.04, holiday 0.03, other 0.09. Holiday shift: holiday gets
 *     0.03 + 0.22·s and the others shrink proportionally.
 * 12. loan_amount: ln amount = ln 11 000 + purpose effect (debt_consolidation +0.15,
 *     home_improvement +0.10, car -0.10, medical -0.50, small_business +0.35, holiday -0.30,
 *     others 0) + 0.55·dInc + 0.45·Z + ln(1 + 0.35·s); clamp to [1 000, 40 000], rounded to 25.
 * 13. term_months = 60 with probability σ(-1.6 + 1.3·(ln amount - ln 12 000)), else 36.
 * 14. interest_rate: grade by credit score (A ≥ 760, B ≥ 720, C ≥ 680, D ≥ 640, E ≥ 600,
 *     F ≥ 560, else G) with base rates 6.5, 9.5, 12.5, 15.5, 19, 23, 27 %; plus 1.7 for 60
 *     months, plus 0.9·Z; clamp [5.31, 30.99], rounded to 0.01.
 * 15. debt_to_income (percent) = existing debt payments + this loan's annuity payment, both over
 *     monthly income: existing = e^(ln 14 - 0.15·R + 0.40·Z) + 4·s (holiday spending on
 *     revolving credit), payment = amount·r / (1 - (1+r)^-term) with r = rate/1200; clamp
 *     [0, 65], rounded to 0.01; missing with probability 0.02.
 * 16. default ~ Bernoulli(σ(η)) with
 *       η = B0 - 0.9·R + 0.035·(dti - 18) - 0.55·dInc + 0.06·(rate - 12) + 0.35·[60 months]
 *         - 0.05·(employment_years - 5) + 0.15·[RENT] + 0.20·delinquencies
 *         + purpose effect (small_business +0.25, medical +0.15, holiday +0.10)
 *         + s·(0.7 + 0.6·[purpose holiday])          ← the hidden holiday term
 *     with the true (unrounded, never missing) values and B0 = -3.05, which gives a base rate
 *     of about 15% in the `none` scenario.
 *
 * ## What the demo relies on
 *
 * Figures below are for seed 7, 50 000 rows, half for training a scikit-learn logistic
 * regression (log income and amount, one-hot categories, mean-imputed missing values with flags)
 * and half held out; generator.unit.test.ts checks the same properties with looser bounds.
 *
 * - Learnable but not trivial: held-out ROC AUC 0.83, base rate 0.148. The unobserved part of R
 *   caps what any model can do.
 * - Real group disparity without the attribute as a feature: women earn less here (step 5) and
 *   have shorter tenure (step 6), which raises their true risk through income, DTI and
 *   employment. Default rates are 0.168 (F) vs 0.128 (M); the model, which never sees `gender`,
 *   flags F 1.53× as often as M at threshold 0.3 (1.79× at 0.5), outside the [0.8, 1.25] band.
 * - The `holiday` shift (intensity s ∈ [0, 1], rampable per row) moves inputs a drift monitor can
 *   see — the `holiday` purpose share goes 0.03 → 0.25, mean loan_amount 12 200 → 15 200, mean
 *   debt_to_income 24.7 → 30.9 — and raises the true default rate through the hidden term in η,
 *   which no feature carries: 0.148 → 0.283 at s = 1, while the model trained on `none` predicts
 *   0.176 on average, so it under-predicts defaults. Everything else about an applicant (income,
 *   score, …) is unchanged, and s = 0 reproduces `none` byte for byte.
 */
import { rowRng } from './random';
import { HOME_OWNERSHIPS, PURPOSES, REGIONS, type LoanRow, type Purpose } from './columns';

export type LoanShift = 'none' | 'holiday';

export interface LoanScenario {
  shift?: LoanShift;
  /** Strength of the shift in [0, 1]; defaults to 1 for `holiday`, ignored for `none`. */
  intensity?: number;
}

export interface GenerateLoanRowsOptions extends LoanScenario {
  rows: number;
  seed: number;
  /** Index of the first row (default 0); row i of a seed is the same applicant in every call. */
  startIndex?: number;
}

/** An applicant together with the truth behind its label. */
export interface SimulatedApplicant {
  row: LoanRow;
  /** P(default = 1 | everything), the σ(η) the label was drawn from. */
  defaultProbability: number;
}

const LN_INCOME_REF = Math.log(60_000);
const REGION_PROBS = [0.18, 0.21, 0.38, 0.23];
const REGION_INCOME = [0.1, -0.04, -0.06, 0.08];
const PURPOSE_PROBS = [0.46, 0.2, 0.08, 0.06, 0.04, 0.04, 0.03, 0.09];
const PURPOSE_AMOUNT = [0.15, 0, 0.1, -0.1, -0.5, 0.35, -0.3, 0];
const PURPOSE_RISK: Partial<Record<Purpose, number>> = { small_business: 0.25, medical: 0.15, holiday: 0.1 };
const HOLIDAY = PURPOSES.indexOf('holiday');
const GRADE_FLOORS = [760, 720, 680, 640, 600, 560];
const GRADE_RATES = [6.5, 9.5, 12.5, 15.5, 19, 23, 27];
const B0 = -3.05;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Intensity actually applied: 0 for `none`, the validated intensity (default 1) for `holiday`. */
export function scenarioIntensity(scenario: LoanScenario = {}): number {
  const shift = scenario.shift ?? 'none';
  if (shift !== 'none' && shift !== 'holiday') throw new Error(`unknown shift '${String(shift)}' (use none or holiday)`);
  const intensity = scenario.intensity ?? 1;
  if (!Number.isFinite(intensity) || intensity < 0 || intensity > 1) {
    throw new Error(`intensity must be a number in [0, 1], got ${intensity}`);
  }
  return shift === 'none' ? 0 : intensity;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`row index must be a non-negative integer, got ${index}`);
}

function applicantId(seed: number, index: number): string {
  // From a stream of its own (seed bits flipped), not the row's generator, so the id draws
  // never change the applicant's data; 48 random bits make collisions negligible.
  const g = rowRng(seed ^ 0x5bd1e995, index);
  // The prefix keeps an all-digit (or `12e3…`) id from ever reading as a number.
  return `app_${g.nextUint32().toString(16).padStart(8, '0')}${(g.nextUint32() >>> 16).toString(16).padStart(4, '0')}`;
}

/** Applicant number `index` of `seed` under `scenario`, with its true default probability. */
export function simulateApplicant(seed: number, index: number, scenario: LoanScenario = {}): SimulatedApplicant {
  checkSeed(seed);
  checkIndex(index);
  const s = scenarioIntensity(scenario);
  const g = rowRng(seed, index);

  const female = g.uniform() < 0.49;
  const regionIdx = g.pick(REGION_PROBS);
  const age = clamp(Math.round(19 + 21 * Math.exp(0.45 * g.normal())), 21, 80);
  const R = g.normal() + 0.01 * (age - 40);

  const lnIncome = Math.max(
    Math.log(12_000),
    LN_INCOME_REF + 0.018 * (age - 40) - 0.0006 * (age - 40) ** 2 + REGION_INCOME[regionIdx] - 0.35 * (female ? 1 : 0) + 0.1 * R + 0.5 * g.normal(),
  );
  const income = Math.round(Math.exp(lnIncome) / 100) * 100;
  const dInc = lnIncome - LN_INCOME_REF;

  const employment = Math.min(age - 18, Math.floor(Math.exp(Math.log(3) + 0.03 * (age - 21) - 0.35 * (female ? 1 : 0) + 0.7 * g.normal())));
  const employmentMissing = g.uniform() < 0.05;

  const mortgage = Math.exp(-0.2 + 0.04 * (age - 40) + 1.0 * dInc);
  const own = Math.exp(-1.8 + 0.05 * (age - 40) + 0.3 * dInc);
  const home = HOME_OWNERSHIPS[g.pick([1, mortgage, own])];

  const openAccounts = g.poisson(7 * Math.exp(0.3 * dInc + 0.005 * (age - 40)));
  const delinquencies = g.poisson(Math.exp(-1.7 - 0.9 * R));
  const creditScore = clamp(Math.round(690 + 48 * R + 12 * dInc + 0.8 * (age - 40) - 25 * delinquencies + 22 * g.normal()), 300, 850);

  const holidayShare = 0.03 + 0.22 * s;
  const purposeIdx = g.pick(PURPOSE_PROBS.map((p, i) => (i === HOLIDAY ? holidayShare : (p * (1 - holidayShare)) / (1 - 0.03))));
  const purpose = PURPOSES[purposeIdx];

  const lnAmount = Math.log(11_000) + PURPOSE_AMOUNT[purposeIdx] + 0.55 * dInc + 0.45 * g.normal() + Math.log(1 + 0.35 * s);
  const amount = Math.round(clamp(Math.exp(lnAmount), 1_000, 40_000) / 25) * 25;

  const term: 36 | 60 = g.uniform() < sigmoid(-1.6 + 1.3 * (Math.log(amount) - Math.log(12_000))) ? 60 : 36;

  let grade = GRADE_FLOORS.findIndex((floor) => creditScore >= floor);
  if (grade < 0) grade = GRADE_FLOORS.length;
  const rate = round2(clamp(GRADE_RATES[grade] + (term === 60 ? 1.7 : 0) + 0.9 * g.normal(), 5.31, 30.99));

  const existingDti = Math.exp(Math.log(14) - 0.15 * R + 0.4 * g.normal()) + 4 * s;
  const r = rate / 1200;
  const payment = (amount * r) / (1 - (1 + r) ** -term);
  const dti = round2(clamp(existingDti + (100 * payment * 12) / income, 0, 65));
  const dtiMissing = g.uniform() < 0.02;

  const eta =
    B0 -
    0.9 * R +
    0.035 * (dti - 18) -
    0.55 * dInc +
    0.06 * (rate - 12) +
    0.35 * (term === 60 ? 1 : 0) -
    0.05 * (employment - 5) +
    0.15 * (home === 'RENT' ? 1 : 0) +
    0.2 * delinquencies +
    (PURPOSE_RISK[purpose] ?? 0) +
    s * (0.7 + 0.6 * (purpose === 'holiday' ? 1 : 0));
  const p = sigmoid(eta);
  const label: 0 | 1 = g.uniform() < p ? 1 : 0;

  return {
    row: {
      applicant_id: applicantId(seed, index),
      age,
      gender: female ? 'F' : 'M',
      region: REGIONS[regionIdx],
      annual_income: income,
      employment_years: employmentMissing ? null : employment,
      home_ownership: home,
      num_open_accounts: openAccounts,
      delinquencies_2y: delinquencies,
      credit_score: creditScore,
      purpose,
      loan_amount: amount,
      term_months: term,
      interest_rate: rate,
      debt_to_income: dtiMissing ? null : dti,
      default: label,
    },
    defaultProbability: p,
  };
}

/** Applicant number `index` of `seed` under `scenario`. */
export function generateLoanRow(seed: number, index: number, scenario: LoanScenario = {}): LoanRow {
  return simulateApplicant(seed, index, scenario).row;
}

/** `rows` applicants, indices startIndex … startIndex + rows - 1. */
export function generateLoanRows(opts: GenerateLoanRowsOptions): LoanRow[] {
  const { rows, seed, startIndex = 0 } = opts;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
  checkSeed(seed);
  checkIndex(startIndex);
  scenarioIntensity(opts);
  const out: LoanRow[] = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = generateLoanRow(seed, startIndex + i, opts);
  return out;
}

/**
 * One applicant at a time, for the traffic simulator. The scenario can change between rows
 * (ramp the holiday intensity); row i is the same applicant generateLoanRows would give under
 * the scenario in force when it is drawn.
 */
export class LoanStream implements Iterable<LoanRow> {
  readonly seed: number;
  private index: number;
  private scenario: LoanScenario;

  constructor(opts: { seed: number; startIndex?: number } & LoanScenario) {
    checkSeed(opts.seed);
    const startIndex = opts.startIndex ?? 0;
    checkIndex(startIndex);
    this.seed = opts.seed;
    this.index = startIndex;
    this.scenario = { shift: opts.shift, intensity: opts.intensity };
    scenarioIntensity(this.scenario);
  }

  /** Index the next row will have. */
  get nextIndex(): number {
    return this.index;
  }

  /** Intensity in force now (0 for `none`). */
  get intensity(): number {
    return scenarioIntensity(this.scenario);
  }

  setScenario(scenario: LoanScenario): void {
    scenarioIntensity(scenario);
    this.scenario = { ...scenario };
  }

  next(): LoanRow {
    return this.nextApplicant().row;
  }

  nextApplicant(): SimulatedApplicant {
    const a = simulateApplicant(this.seed, this.index, this.scenario);
    this.index++;
    return a;
  }

  take(n: number): LoanRow[] {
    const out: LoanRow[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }

  /** Endless: use take() or break out of the loop. */
  *[Symbol.iterator](): Iterator<LoanRow> {
    for (;;) yield this.next();
  }
}
