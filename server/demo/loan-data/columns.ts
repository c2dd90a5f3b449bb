// Column metadata and the row type of the demo loan-default data. The order of LOAN_COLUMNS is
// the CSV column order. The data-generating process itself is documented in generator.ts.

export const GENDERS = ['F', 'M'] as const;
export const REGIONS = ['NORTHEAST', 'MIDWEST', 'SOUTH', 'WEST'] as const;
export const HOME_OWNERSHIPS = ['RENT', 'MORTGAGE', 'OWN'] as const;
export const PURPOSES = [
  'debt_consolidation',
  'credit_card',
  'home_improvement',
  'car',
  'medical',
  'small_business',
  'holiday',
  'other',
] as const;
export const TERMS = [36, 60] as const;

export type Gender = (typeof GENDERS)[number];
export type Region = (typeof REGIONS)[number];
export type HomeOwnership = (typeof HOME_OWNERSHIPS)[number];
export type Purpose = (typeof PURPOSES)[number];

/** One applicant. `null` is a missing value (an empty CSV cell). */
export interface LoanRow {
  applicant_id: string;
  age: number;
  gender: Gender;
  region: Region;
  annual_income: number;
  employment_years: number | null;
  home_ownership: HomeOwnership;
  num_open_accounts: number;
  delinquencies_2y: number;
  credit_score: number;
  purpose: Purpose;
  loan_amount: number;
  term_months: 36 | 60;
  interest_rate: number;
  debt_to_income: number | null;
  default: 0 | 1;
}

export type LoanColumnName = keyof LoanRow;

export interface LoanColumn {
  name: LoanColumnName;
  type: 'numeric' | 'categorical';
  description: string;
  /** An input a model should use. */
  isFeature: boolean;
  /** A protected attribute for fairness reports; never a feature. */
  isSensitive: boolean;
  isLabel: boolean;
  /** Category values in code-point order (categorical columns except the id). */
  values?: readonly string[];
  /** Share of missing values the generator aims at (absent: never missing). */
  missingShare?: number;
}

const sorted = (v: readonly string[]) => [...v].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const feature = { isFeature: true, isSensitive: false, isLabel: false } as const;

export const LOAN_COLUMNS: readonly LoanColumn[] = [
  { name: 'applicant_id', type: 'categorical', description: 'Opaque applicant identifier (`app_` + 12 hex digits); not a feature', isFeature: false, isSensitive: false, isLabel: false },
  { name: 'age', type: 'numeric', description: 'Age in whole years, 21–80', ...feature },
  { name: 'gender', type: 'categorical', description: 'Sensitive attribute for fairness reports; not a feature, has no direct effect on default', isFeature: false, isSensitive: true, isLabel: false, values: sorted(GENDERS) },
  { name: 'region', type: 'categorical', description: 'US census region of residence', ...feature, values: sorted(REGIONS) },
  { name: 'annual_income', type: 'numeric', description: 'Annual income in USD, log-normal, rounded to 100', ...feature },
  { name: 'employment_years', type: 'numeric', description: 'Years with the current employer (whole years); ~5% missing', ...feature, missingShare: 0.05 },
  { name: 'home_ownership', type: 'categorical', description: 'RENT, MORTGAGE or OWN; older and richer applicants own more', ...feature, values: sorted(HOME_OWNERSHIPS) },
  { name: 'num_open_accounts', type: 'numeric', description: 'Open credit lines (count)', ...feature },
  { name: 'delinquencies_2y', type: 'numeric', description: '30+ days past-due incidents in the last two years (count)', ...feature },
  { name: 'credit_score', type: 'numeric', description: 'FICO-like score, 300–850', ...feature },
  { name: 'purpose', type: 'categorical', description: 'Stated purpose of the loan', ...feature, values: sorted(PURPOSES) },
  { name: 'loan_amount', type: 'numeric', description: 'Requested amount in USD, 1,000–40,000, rounded to 25', ...feature },
  { name: 'term_months', type: 'numeric', description: 'Loan term: 36 or 60 months', ...feature },
  { name: 'interest_rate', type: 'numeric', description: 'Annual rate in percent; set by the grade the credit score falls in, plus a 60-month premium', ...feature },
  { name: 'debt_to_income', type: 'numeric', description: 'Monthly debt payments incl. this loan as percent of monthly income; ~2% missing', ...feature, missingShare: 0.02 },
  { name: 'default', type: 'numeric', description: 'Label: 1 when the loan defaulted', isFeature: false, isSensitive: false, isLabel: true },
];

export const LOAN_LABEL_COLUMN: LoanColumnName = 'default';
export const LOAN_SENSITIVE_COLUMN: LoanColumnName = 'gender';
export const LOAN_FEATURE_COLUMNS: readonly LoanColumnName[] = LOAN_COLUMNS.filter((c) => c.isFeature).map((c) => c.name);
