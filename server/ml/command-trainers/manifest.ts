// Command trainers: programs registered in the repo as `trainers/<name>/trainer.json` (the folder
// is VIGIL_TRAINERS_DIR). The manifest names the command, its params (a small schema Vigil turns
// into a strict zod object, so the run form and `runs.start` validate params exactly like a
// built-in trainer's), its version and whether it needs a GPU. README "Command trainers" documents
// the format; ./job-file.ts the job the program reads.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env } from '@/server/env';
import { KNOWN_TRAINERS } from '@/server/ml/trainers';
import { logger } from '@/server/observability/logger';

const log = logger({ component: 'command-trainers' });

export class TrainerManifestError extends Error {}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const MAX_MANIFEST_BYTES = 64 * 1024;
const MAX_HASHED_FILES = 200;

const paramSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('integer'), default: z.number().int(), min: z.number().int().optional(), max: z.number().int().optional(), description: z.string().max(500).optional() }).strict(),
  z.object({ type: z.literal('number'), default: z.number(), min: z.number().optional(), max: z.number().optional(), description: z.string().max(500).optional() }).strict(),
  z.object({ type: z.literal('boolean'), default: z.boolean(), description: z.string().max(500).optional() }).strict(),
  z.object({ type: z.literal('string'), default: z.string().max(1000), enum: z.array(z.string().max(200)).min(1).max(100).optional(), description: z.string().max(500).optional() }).strict(),
]);
export type CommandParam = z.infer<typeof paramSchema>;

export const manifestSchema = z
  .object({
    name: z.string().regex(NAME, 'lowercase letters, digits, - and _ (at most 63)'),
    version: z.string().min(1).max(50),
    description: z.string().max(2000).optional(),
    /** argv, run in the trainer's folder with the job file's path appended as the last argument. */
    command: z.array(z.string().min(1).max(1000)).min(1).max(50),
    needs: z.enum(['cpu', 'gpu']).default('cpu'),
    /** Wall-clock limit of one run; the program is sent SIGTERM, then SIGKILL. */
    timeout_s: z.number().int().min(1).max(7 * 24 * 3600).default(3600),
    params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'parameter names are identifiers'), paramSchema).default({}),
  })
  .strict();
export type TrainerManifest = z.infer<typeof manifestSchema>;

export interface CommandTrainer {
  manifest: TrainerManifest;
  name: string;
  version: string;
  dir: string;
  /** SHA-256 over the folder's files (name and content), so lineage pins the exact program. */
  sha256: string;
  paramsSchema: z.ZodType<Record<string, unknown>>;
}

export function commandTrainersDir(): string {
  return path.resolve(env().VIGIL_TRAINERS_DIR);
}

function paramsZod(params: TrainerManifest['params']): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, p] of Object.entries(params)) {
    let s: z.ZodType;
    if (p.type === 'integer' || p.type === 'number') {
      let n = p.type === 'integer' ? z.number().int() : z.number();
      if (p.min !== undefined) n = n.min(p.min);
      if (p.max !== undefined) n = n.max(p.max);
      s = n.default(p.default);
    } else if (p.type === 'boolean') {
      s = z.boolean().default(p.default);
    } else {
      s = (p.enum ? z.enum(p.enum as [string, ...string[]]) : z.string().max(1000)).default(p.default);
    }
    shape[name] = p.description ? s.describe(p.description) : s;
  }
  return z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
}

/** Hash of the trainer's folder: every regular file (recursively, sorted by path) by name and content. */
export function hashTrainerDir(dir: string): string {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name === '__pycache__' || e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) files.push(r);
      if (files.length > MAX_HASHED_FILES) throw new TrainerManifestError(`trainer folder ${dir} holds more than ${MAX_HASHED_FILES} files`);
    }
  };
  walk('');
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f).update('\0');
    h.update(createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')).update('\n');
  }
  return h.digest('hex');
}

export function loadCommandTrainer(dir: string): CommandTrainer {
  const file = path.join(dir, 'trainer.json');
  if (!existsSync(file)) throw new TrainerManifestError(`${file} does not exist`);
  if (statSync(file).size > MAX_MANIFEST_BYTES) throw new TrainerManifestError(`${file} is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TrainerManifestError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    throw new TrainerManifestError(`${file}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const m = r.data;
  if (m.name !== path.basename(dir)) throw new TrainerManifestError(`${file}: name '${m.name}' must equal the folder name '${path.basename(dir)}'`);
  for (const [k, p] of Object.entries(m.params)) {
    if ('enum' in p && p.enum && !p.enum.includes(p.default)) throw new TrainerManifestError(`${file}: params.${k}.default is not one of its enum values`);
    if ('min' in p && ((p.min !== undefined && p.default < p.min) || (p.max !== undefined && p.default > p.max))) {
      throw new TrainerManifestError(`${file}: params.${k}.default is outside [min, max]`);
    }
  }
  return { manifest: m, name: m.name, version: m.version, dir, sha256: hashTrainerDir(dir), paramsSchema: paramsZod(m.params) };
}

/** Every valid trainer in VIGIL_TRAINERS_DIR; an invalid one is logged and left out. */
export function listCommandTrainers(): CommandTrainer[] {
  const root = commandTrainersDir();
  if (!existsSync(root)) return [];
  const out: CommandTrainer[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || !NAME.test(e.name)) continue;
    if ((KNOWN_TRAINERS as readonly string[]).includes(e.name)) {
      log.warn({ trainer: e.name }, 'command trainer left out: the name of a built-in trainer');
      continue;
    }
    try {
      out.push(loadCommandTrainer(path.join(root, e.name)));
    } catch (err) {
      log.warn({ trainer: e.name, err: err instanceof Error ? err.message : String(err) }, 'command trainer left out: invalid trainer.json');
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The command trainer called `name`, or null when VIGIL_TRAINERS_DIR has no such folder. */
export function findCommandTrainer(name: string): CommandTrainer | null {
  // A folder cannot shadow a built-in trainer.
  if (!NAME.test(name) || (KNOWN_TRAINERS as readonly string[]).includes(name)) return null;
  const dir = path.join(commandTrainersDir(), name);
  if (!existsSync(path.join(dir, 'trainer.json'))) return null;
  return loadCommandTrainer(dir);
}
