// The model card's intended-use fields: written by the team on the version page, stored on the
// version (model_versions.card_fields), and placed in the generated card. Shared by the service
// (validation) and the edit form (labels), so both name the same fields.
import { z } from 'zod';

export const CARD_FIELDS = [
  { key: 'intendedUse', label: 'Intended use', hint: 'Who uses it, for which decisions, on which population.' },
  { key: 'outOfScope', label: 'Out-of-scope uses', hint: 'Uses it was not built or evaluated for.' },
  { key: 'limitations', label: 'Limitations', hint: 'Known weaknesses, data gaps, conditions where it degrades.' },
  { key: 'ethicalConsiderations', label: 'Ethical considerations', hint: 'Risks to people, sensitive attributes, mitigations.' },
] as const;

export type CardFieldKey = (typeof CARD_FIELDS)[number]['key'];
export type CardFields = Partial<Record<CardFieldKey, string>>;

export const CARD_FIELD_MAX = 5000;

const field = z
  .string()
  .max(CARD_FIELD_MAX, `is longer than ${CARD_FIELD_MAX} characters`)
  // Postgres refuses NUL inside jsonb text; say so instead of failing in the driver.
  .refine((s) => !s.includes('\u0000'), 'contains a NUL character')
  .optional();

export const cardFieldsInput = z.object({ intendedUse: field, outOfScope: field, limitations: field, ethicalConsiderations: field }).strict() satisfies z.ZodType<CardFields>;
