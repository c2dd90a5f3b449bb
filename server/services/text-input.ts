// Free text a person writes (reasons, notes): trimmed, bounded, and without NUL characters,
// which Postgres text columns refuse (a NUL would otherwise surface as a 500, not a 400).
import { z } from 'zod';

export const writtenText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL (\\u0000) characters');
