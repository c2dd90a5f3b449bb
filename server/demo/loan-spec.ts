// The demo model's feature spec: one definition that compiles to the training transform and to
// the preprocessing nodes of the served ONNX graph. `applicant_id` and `gender` are not inputs:
// the id carries nothing, and the sensitive attribute is kept for fairness reports only.
import type { FeatureSpec } from '@/server/ml/features/spec';

const num = (name: string, nullable = false) => ({ name, type: 'numeric' as const, nullable });
const cat = (name: string) => ({ name, type: 'categorical' as const, nullable: false });

export const LOAN_FEATURE_SPEC: FeatureSpec = {
  version: 1,
  inputs: [
    num('age', false),
    num('annual_income'),
    num('employment_years', true),
    num('num_open_accounts'),
    num('delinquencies_2y'),
    num('credit_score'),
    num('loan_amount'),
    num('term_months'),
    num('interest_rate'),
    num('debt_to_income', true),
    cat('region'),
    cat('home_ownership'),
    cat('purpose'),
  ],
  features: [
    { input: 'age', transforms: [{ op: 'standardize' }] },
    // Money is log-normal: log1p before scaling keeps a few large incomes from dominating.
    { input: 'annual_income', transforms: [{ op: 'log1p' }, { op: 'standardize' }] },
    { input: 'employment_years', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'clip', min: 0, max: 40 }, { op: 'standardize' }] },
    { input: 'num_open_accounts', transforms: [{ op: 'standardize' }] },
    { input: 'delinquencies_2y', transforms: [{ op: 'clip', max: 10 }, { op: 'standardize' }] },
    { input: 'credit_score', transforms: [{ op: 'standardize' }] },
    { input: 'loan_amount', transforms: [{ op: 'log1p' }, { op: 'standardize' }] },
    { input: 'term_months', transforms: [{ op: 'standardize' }] },
    { input: 'interest_rate', transforms: [{ op: 'standardize' }] },
    { input: 'debt_to_income', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'standardize' }] },
    { input: 'region', transforms: [{ op: 'one_hot' }] },
    { input: 'home_ownership', transforms: [{ op: 'one_hot' }] },
    { input: 'purpose', transforms: [{ op: 'one_hot' }] },
  ],
};
