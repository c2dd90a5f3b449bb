// What this serving process serves: for each model, the loaded versions behind its aliases.
// A change is applied by loading every needed version first and only then swapping the
// model's route object, so no request ever waits on a load or sees a half-loaded version.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { aliases, models, modelVersions } from '@/server/db/schema';
import { keyForSha } from '@/server/storage/artifact-store';
import type { ArtifactStore } from '@/server/storage/artifact-store';
import { loadVersion, type LoadedVersion } from './loaded-version';

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
    private readonly log: (s: string) => void,
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
        this.log(`loaded ${meta.modelName} v${meta.version}`);
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
    const next = prev.then(() => this.doRefresh(modelId)).catch((e) => this.log(`refresh of model ${modelId} failed: ${(e as Error).message}`));
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
    const [production, canary, shadow] = await Promise.all(['production', 'canary', 'shadow'].map((a) => (by.get(a) ? load(by.get(a)!) : Promise.resolve(null))));
    const name = rows[0]?.modelName ?? this.routeById(modelId)?.name;
    if (!name) return;
    const canaryShare = by.get('canary')?.share ?? 0;
    const route: ModelRoute = { modelId, name, production, canary: canary && canaryShare > 0 ? { version: canary, share: canaryShare } : null, shadow };
    const before = this.routes.get(name);
    this.routes.set(name, route); // the swap: requests from now on use the new versions
    if (!before || before.production?.versionId !== production?.versionId) this.log(`${name}: production → ${production ? `v${production.version}` : 'none'}`);
    this.releaseUnused();
  }

  private routeById(modelId: string): ModelRoute | undefined {
    return [...this.routes.values()].find((r) => r.modelId === modelId);
  }

  /** Loads a specific version for an explicit-version request (testing a version before promotion). */
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
      setTimeout(() => void v.session.release().catch(() => {}), 30_000).unref();
    }
  }

  loadedVersions(): LoadedVersion[] {
    return [...this.versions.values()];
  }
}
