import { z } from 'zod';
import { listCommandTrainers } from '@/server/ml/command-trainers/manifest';
import { trainers } from '@/server/ml/trainers';
import { taskTrainers } from '@/server/ml/trainers/task-registry';

type Task = 'binary' | 'multiclass' | 'regression';

function builtIn(t: { name: string; version: string; paramsSchema: z.ZodType }, task: Task) {
  const defaults = t.paramsSchema.parse({}) as Record<string, unknown>;
  const schema = z.toJSONSchema(t.paramsSchema, { unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
  return { name: t.name, version: t.version, defaults, params: Object.keys(schema.properties ?? defaults), kind: 'built-in' as const, needs: 'cpu' as const, task };
}

/**
 * The built-in trainers of each task and the command trainers of VIGIL_TRAINERS_DIR (binary), with
 * default params, for the "new run" form. A name may appear once per task (gbdt trains all three);
 * the binary entries come first.
 */
export function trainerCatalog() {
  const builtIns = [
    ...Object.values(trainers).map((t) => builtIn(t, 'binary')),
    ...Object.values(taskTrainers.multiclass).map((t) => builtIn(t, 'multiclass')),
    ...Object.values(taskTrainers.regression).map((t) => builtIn(t, 'regression')),
  ];
  const command = listCommandTrainers().map((t) => ({
    name: t.name,
    version: t.version,
    defaults: t.paramsSchema.parse({}),
    params: Object.keys(t.manifest.params),
    kind: 'command' as const,
    needs: t.manifest.needs,
    task: 'binary' as Task,
  }));
  return [...builtIns, ...command];
}
