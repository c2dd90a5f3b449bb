// What this serving process serves: for each model, the loaded versions behind its aliases.
// A change is applied by loading every needed version first and only then swapping the
// model's route object, so no request ever waits on a load or sees a half-loaded version.
// Each alias loads on its own: a version that fails to load is reported (LoadFailures) and the
// other aliases still apply, so production moves and rollbacks always take effect. A failed
// production load keeps the production version already loaded (if any); a failed canary or
// shadow load leaves that alias empty, so no traffic goes where nobody sent it.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { aliases, models, modelVersions } from '@/server/db/schema';
import { keyForSha } from '@/server/storage/artifact-store';
import type { ArtifactStore } from '@/server/storage/artifact-store';
import { logger } from '@/server/observability/logger';
import type { LoadFailures } from './load-failures';
import { loadVersion, type LoadedVersion } from '@/server/scoring/load-version';

const log = logger({ component: 'serving-state' });
const ALIASES = ['production', 'canary', 'shadow'] as const;

export interface ModelRoute {
  modelId: string;
  name: string;
  production: LoadedVersion | null;
  canary: { version: LoadedVersion; share: number } | null;
  shadow: LoadedVersion | null;
}

export class ServingState {
  readonly routes = new Map<string, ModelRoute>();
  private readonly versions = new Map<string, LoadedVersion>();
  private readonly loading = new Map<string, Promise<LoadedVersion>>();
  /** Versions loaded for explicit-version requests, most recent last (bounded). */
  private explicit: string[] = [];
  private refreshing = new Map<string, Promise<void>>();
  onBatch?: (v: LoadedVersion, rows: number) => void;

  constructor(
    private readonly db: Db,
    private readonly store: ArtifactStore,
    private readonly maxBatchRows: number,
    readonly failures: LoadFailures | null = null,
  ) {}

  private async ensureLoaded(meta: { versionId: string; modelId: string; modelName: string; version: number; artifactSha256: string }): Promise<LoadedVersion> {
    const have = this.versions.get(meta.versionId);
    if (have) return have;
    let p = this.loading.get(meta.versionId);
    if (!p) {
      p = (async () => {
        const bytes = await this.store.getBytes(keyForSha(meta.artifactSha256));
        const lv = await loadVersion(meta, bytes, this.maxBatchRows);
        lv.batcher.onBatch = (rows) => this.onBatch?.(lv, rows);
        this.versions.set(meta.versionId, lv);
        log.info({ model: meta.modelName, version: meta.version }, 'loaded version');
        return lv;
      })().finally(() => this.loading.delete(meta.versionId));
      this.loading.set(meta.versionId, p);
    }
    return p;
  }

  /** Re-reads every model's aliases (start-up and the periodic safety-net check). */
  async refreshAll(): Promise<void> {
    const rows = await this.db.selectDistinct({ modelId: aliases.modelId }).from(aliases).where(isNotNull(aliases.versionId));
    const ids = new Set([...rows.map((r) => r.modelId), ...[...this.routes.values()].map((r) => r.modelId)]);
    for (const id of ids) await this.refreshModel(id);
  }

  /** Re-reads one model's aliases (on NOTIFY) and swaps its route once the versions are loaded. */
  refreshModel(modelId: string): Promise<void> {
    // Coalesce: one refresh per model at a time; a notification during a refresh queues one more.
    const prev = this.refreshing.get(modelId) ?? Promise.resolve();
    const next = prev.then(() => this.doRefresh(modelId)).catch((e: unknown) => log.error({ err: e, modelId }, 'refresh of a model failed'));
    this.refreshing.set(modelId, next);
    return next;
  }

  private async doRefresh(modelId: string): Promise<void> {
    const rows = await this.db
      .select({ alias: aliases.name, share: aliases.share, versionId: modelVersions.id, version: modelVersions.version, sha: modelVersions.artifactSha256, modelName: models.name })
      .from(aliases)
      .innerJoin(models, eq(models.id, aliases.modelId))
      .innerJoin(modelVersions, eq(modelVersions.id, aliases.versionId))
      .where(and(eq(aliases.modelId, modelId), inArray(aliases.name, ['production', 'canary', 'shadow'])));
    const load = (r: (typeof rows)[number]) => this.ensureLoaded({ versionId: r.versionId, modelId, modelName: r.modelName, version: r.version, artifactSha256: r.sha });
    const by = new Map(rows.map((r) => [r.alias, r]));
    const settled = await Promise.allSettled(ALIASES.map((a) => (by.get(a) ? load(by.get(a)!) : Promise.resolve(null))));
    const name = rows[0]?.modelName ?? this.routeById(modelId)?.name;
    if (!name) return;
    const before = this.routes.get(name);
    const loaded: (LoadedVersion | null)[] = [];
    for (const [i, alias] of ALIASES.entries()) {
      const s = settled[i];
      const row = by.get(alias);
      if (s.status === 'fulfilled') {
        loaded.push(s.value);
        await this.failures?.cleared(modelId, alias).catch((e: unknown) => log.warn({ err: e }, 'could not clear a load failure'));
        continue;
      }
      const reason = s.reason instanceof Error ? s.reason.message : String(s.reason);
      await this.failures
        ?.failed({ modelId, modelName: name, alias, versionId: row!.versionId, version: row!.version, reason })
        .catch((e: unknown) => log.warn({ err: e }, 'could not record a load failure'));
      loaded.push(alias === 'production' ? (before?.production ?? null) : null);
    }
    const [production, canary, shadow] = loaded;
    const canaryShare = by.get('canary')?.share ?? 0;
    const route: ModelRoute = { modelId, name, production, canary: canary && canaryShare > 0 ? { version: canary, share: canaryShare } : null, shadow };
    this.routes.set(name, route); // the swap: requests from now on use the new versions
    if (!before || before.production?.versionId !== production?.versionId) log.info({ model: name, version: production?.version ?? null }, 'production moved');
    this.releaseUnused();
  }

  private routeById(modelId: string): ModelRoute | undefined {
    return [...this.routes.values()].find((r) => r.modelId === modelId);
  }

  /** The model's id, from the routes or Postgres (null: no such model); loads nothing. */
  async modelIdOf(modelName: string): Promise<string | null> {
    const served = this.routes.get(modelName);
    if (served) return served.modelId;
    const [row] = await this.db.select({ id: models.id }).from(models).where(eq(models.name, modelName));
    return row?.id ?? null;
  }

  /** Loads a specific version for an explicit-version request (testing a version before promotion); check the key's scope first. */
  async explicitVersion(modelName: string, version: number): Promise<LoadedVersion | null> {
    const [row] = await this.db
      .select({ versionId: modelVersions.id, modelId: models.id, sha: modelVersions.artifactSha256 })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(eq(models.name, modelName), eq(modelVersions.version, version)));
    if (!row) return null;
    const lv = await this.ensureLoaded({ versionId: row.versionId, modelId: row.modelId, modelName, version, artifactSha256: row.sha });
    this.explicit = [...this.explicit.filter((id) => id !== lv.versionId), lv.versionId].slice(-4);
    return lv;
  }

  private releaseUnused(): void {
    const used = new Set<string>(this.explicit);
    for (const r of this.routes.values()) for (const v of [r.production, r.canary?.version, r.shadow]) if (v) used.add(v.versionId);
    for (const [id, v] of this.versions) {
      if (used.has(id)) continue;
      this.versions.delete(id);
      // In-flight batches may still hold the session: release it a little later.
      setTimeout(() => void v.session.release().catch((e: unknown) => log.warn({ err: e }, 'releasing a session failed')), 30_000).unref();
    }
  }

  loadedVersions(): LoadedVersion[] {
    return [...this.versions.values()];
  }
}
