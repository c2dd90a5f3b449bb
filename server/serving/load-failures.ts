// Versions this serving instance could not load, per model and alias: kept in Postgres
// (serving_load_failures, read by the model page and On-call) and as a /metrics gauge, and
// cleared when the alias loads again. Only changes are written.
import { and, eq } from 'drizzle-orm';
import type { Gauge } from 'prom-client';
import type { Db } from '@/server/db/client';
import { servingLoadFailures } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';

const log = logger({ component: 'serving-state' });

export interface LoadFailure {
  modelId: string;
  modelName: string;
  alias: string;
  versionId: string;
  version: number;
  reason: string;
}

export class LoadFailures {
  private current = new Map<string, LoadFailure>();

  constructor(
    private readonly db: Db,
    private readonly instance: string,
    private readonly gauge: Gauge<'model' | 'alias' | 'version'> | null,
  ) {}

  /** Forgets what an earlier life of this instance reported. */
  async reset(): Promise<void> {
    await this.db.delete(servingLoadFailures).where(eq(servingLoadFailures.instance, this.instance));
  }

  list(): LoadFailure[] {
    return [...this.current.values()];
  }

  async failed(f: LoadFailure): Promise<void> {
    const k = `${f.modelId}/${f.alias}`;
    const before = this.current.get(k);
    if (before && before.versionId === f.versionId && before.reason === f.reason) return;
    if (before) this.gauge?.remove({ model: before.modelName, alias: before.alias, version: String(before.version) });
    this.current.set(k, f);
    this.gauge?.set({ model: f.modelName, alias: f.alias, version: String(f.version) }, 1);
    log.error({ model: f.modelName, alias: f.alias, version: f.version, reason: f.reason }, 'could not load a version for an alias');
    await this.db
      .insert(servingLoadFailures)
      .values({ instance: this.instance, modelId: f.modelId, alias: f.alias, versionId: f.versionId, version: f.version, reason: f.reason })
      .onConflictDoUpdate({
        target: [servingLoadFailures.instance, servingLoadFailures.modelId, servingLoadFailures.alias],
        set: { versionId: f.versionId, version: f.version, reason: f.reason, lastAt: new Date() },
      });
  }

  async cleared(modelId: string, alias: string): Promise<void> {
    const k = `${modelId}/${alias}`;
    const before = this.current.get(k);
    if (!before) return;
    this.current.delete(k);
    this.gauge?.remove({ model: before.modelName, alias: before.alias, version: String(before.version) });
    log.info({ model: before.modelName, alias }, 'alias loads again');
    await this.db
      .delete(servingLoadFailures)
      .where(and(eq(servingLoadFailures.instance, this.instance), eq(servingLoadFailures.modelId, modelId), eq(servingLoadFailures.alias, alias)));
  }
}
