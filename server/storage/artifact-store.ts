// Content-addressed artifact storage. Keys are `sha256/<hex>`: the same bytes are stored once,
// a stored object never changes, and a reader can verify what it got. The interface is what an
// S3-compatible store would also implement (put from a stream, get as a stream, head).
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

export interface ArtifactStore {
  /** Stores bytes already hashed by the caller (e.g. a verified upload in a temp file). */
  putFile(tempPath: string, sha256: string): Promise<StoredObject>;
  putBytes(bytes: Uint8Array): Promise<StoredObject>;
  get(key: string): Promise<Readable>;
  getBytes(key: string): Promise<Buffer>;
  head(key: string): Promise<{ size: number } | null>;
  /** A local file path for the object, for readers that need one (onnxruntime); may copy. */
  localPath(key: string): Promise<string>;
}

export const keyForSha = (sha256: string) => `sha256/${sha256}`;
