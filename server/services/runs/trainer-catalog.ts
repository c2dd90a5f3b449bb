import { z } from 'zod';
import { listCommandTrainers } from '@/server/ml/command-trainers/manifest';
import { trainers } from '@/server/ml/trainers';

/** The built-in trainers and the command trainers of VIGIL_TRAINERS_DIR, with default params, for the "new run" form. */
export function trainerCatalog() {
  const builtIn = Object.values(trainers).map((t) => {
    const defaults = t.paramsSchema.parse({}) as Record<string, unknown>;
    const schema = z.toJSONSchema(t.paramsSchema, { unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
    return { name: t.name, version: t.version, defaults, params: Object.keys(schema.properties ?? defaults), kind: 'built-in' as const, needs: 'cpu' as const };
  });
  const command = listCommandTrainers().map((t) => ({
    name: t.name,
    version: t.version,
    defaults: t.paramsSchema.parse({}),
    params: Object.keys(t.manifest.params),
    kind: 'command' as const,
    needs: t.manifest.needs,
  }));
  return [...builtIn, ...command];
}
