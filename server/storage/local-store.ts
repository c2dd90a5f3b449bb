// The artifact store on a local folder (VIGIL_ARTIFACTS_DIR). Writes go to a temp file in the
// same folder and are renamed into place, so a crash never leaves a partial object under a key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { keyForSha, type ArtifactStore, type StoredObject } from './artifact-store';

export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    const m = /^sha256\/([0-9a-f]{64})$/.exec(key);
    if (!m) throw new Error(`bad artifact key ${key}`);
    return path.join(this.dir, 'sha256', m[1].slice(0, 2), m[1]);
  }

  private async place(tempPath: string, sha256: string, size: number): Promise<StoredObject> {
    const key = keyForSha(sha256);
    const dest = this.pathOf(key);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    if (fs.existsSync(dest)) {
      await fsp.rm(tempPath, { force: true });
    } else {
      await fsp.rename(tempPath, dest).catch(async (e: NodeJS.ErrnoException) => {
        // Across file systems rename fails; copy then remove.
        if (e.code !== 'EXDEV') throw e;
        await fsp.copyFile(tempPath, dest + '.tmp');
        await fsp.rename(dest + '.tmp', dest);
        await fsp.rm(tempPath, { force: true });
      });
    }
    return { key, sha256, size };
  }

  async putFile(tempPath: string, sha256: string): Promise<StoredObject> {
    const { size } = await fsp.stat(tempPath);
    return this.place(tempPath, sha256, size);
  }

  async putBytes(bytes: Uint8Array): Promise<StoredObject> {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await fsp.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    const tmp = path.join(this.dir, 'tmp', `${sha256}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
    await fsp.writeFile(tmp, bytes);
    return this.place(tmp, sha256, bytes.byteLength);
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    await fsp.access(p);
    return fs.createReadStream(p);
  }

  async getBytes(key: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(key));
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      return { size: (await fsp.stat(this.pathOf(key))).size };
    } catch {
      return null;
    }
  }

  async localPath(key: string): Promise<string> {
    const p = this.pathOf(key);
    await fsp.access(p);
    return p;
  }

  /** A temp file path inside the store (same file system, so placing it is a rename). */
  async tempPath(): Promise<string> {
    await fsp.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    return path.join(this.dir, 'tmp', `upload.${process.pid}.${crypto.randomBytes(8).toString('hex')}`);
  }
}
