import path from 'node:path';
import { env } from '@/server/env';
import { LocalArtifactStore } from './local-store';

const g = globalThis as unknown as { __vigilStore?: LocalArtifactStore };

/** The process's artifact store (a local folder today; an S3-compatible store can implement ArtifactStore). */
export function artifactStore(): LocalArtifactStore {
  g.__vigilStore ??= new LocalArtifactStore(path.resolve(env().VIGIL_ARTIFACTS_DIR));
  return g.__vigilStore;
}
