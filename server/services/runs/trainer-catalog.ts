import { z } from 'zod';
import { trainers } from '@/server/ml/trainers';

/** The built-in trainers and their default params, for the "new run" form. */
export function trainerCatalog() {
  return Object.values(trainers).map((t) => {
    const defaults = t.paramsSchema.parse({}) as Record<string, unknown>;
    const schema = z.toJSONSchema(t.paramsSchema, { unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
    return { name: t.name, version: t.version, defaults, params: Object.keys(schema.properties ?? defaults) };
  });
}
