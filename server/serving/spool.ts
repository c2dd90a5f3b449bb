// The durable prediction spool: an append-only log on local disk. A prediction is acknowledged
// only after its record is fsynced here (group commit: every record that arrives while one
// fsync runs shares the next one, so durability costs one fsync per batch, not per request).
// The log shipper copies closed segments into Postgres in order and deletes them.
//
// Files: <dir>/<seq>.jsonl, seq zero-padded. The active segment is closed (rotated) every
// `rotateMs` or `segmentBytes`, so shipping lags by about rotateMs. A torn last line after a
// crash was never acknowledged and is skipped by the reader.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export interface SpoolOptions {
  rotateMs: number;
  segmentBytes: number;
  /** false: acknowledge after write() without fsync ("at most rotateMs of loss on power failure" mode). */
  fsync: boolean;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

const SEQ_WIDTH = 12;
const segName = (seq: number) => `${String(seq).padStart(SEQ_WIDTH, '0')}.jsonl`;

export class Spool {
  private fd: fsp.FileHandle | null = null;
  private seq = 0;
  private size = 0;
  private openedAt = 0;
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  private rotateTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Records acknowledged but not yet shipped, across segments (approximate, for metrics). */
  unshippedRecords = 0;

  private constructor(
    readonly dir: string,
    private readonly opts: SpoolOptions,
  ) {}

  static async open(dir: string, opts: SpoolOptions): Promise<Spool> {
    await fsp.mkdir(dir, { recursive: true });
    const s = new Spool(dir, opts);
    const existing = await s.segments();
    s.seq = existing.length ? existing[existing.length - 1].seq + 1 : 1;
    await s.openSegment();
    s.rotateTimer = setInterval(() => void s.rotateIfNonEmpty(), opts.rotateMs);
    s.rotateTimer.unref();
    return s;
  }

  private async openSegment(): Promise<void> {
    this.fd = await fsp.open(path.join(this.dir, segName(this.seq)), 'a');
    this.size = 0;
    this.openedAt = Date.now();
    // Make the new file's directory entry durable too.
    if (this.opts.fsync) await fsyncDir(this.dir);
  }

  /** Appends records; resolves once they are durable (fsynced), in order. */
  append(records: unknown[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    for (const r of records) this.pending.push(JSON.stringify(r));
    this.unshippedRecords += records.length;
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushing) void this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const lines = this.pending;
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        try {
          const buf = Buffer.from(lines.join('\n') + '\n');
          await this.fd!.write(buf);
          if (this.opts.fsync) await this.fd!.datasync();
          this.size += buf.length;
          for (const w of waiters) w.resolve();
        } catch (e) {
          for (const w of waiters) w.reject(e);
        }
        // Under steady load a flush is always running, so the timer alone would never rotate:
        // rotate here too once the segment is old or big enough, keeping shipping lag ≈ rotateMs.
        if (this.size >= this.opts.segmentBytes || Date.now() - this.openedAt >= this.opts.rotateMs) await this.rotate();
      }
    } finally {
      this.flushing = false;
    }
  }

  private async rotateIfNonEmpty(): Promise<void> {
    if (this.size > 0 && !this.flushing && !this.closed) await this.rotate();
  }

  private async rotate(): Promise<void> {
    const old = this.fd!;
    this.seq++;
    await this.openSegment();
    await old.close();
  }

  /** Closed segments, oldest first (the active one excluded). */
  async closedSegments(): Promise<{ seq: number; file: string }[]> {
    return (await this.segments()).filter((s) => s.seq !== this.seq);
  }

  private async segments(): Promise<{ seq: number; file: string }[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    return names
      .filter((n) => /^\d+\.jsonl$/.test(n))
      .map((n) => ({ seq: Number(n.slice(0, -6)), file: path.join(this.dir, n) }))
      .sort((a, b) => a.seq - b.seq);
  }

  /** Closes the active segment now so the shipper can take everything acknowledged so far. */
  async sealActive(): Promise<void> {
    while (this.flushing) await new Promise((r) => setImmediate(r));
    if (this.size > 0) await this.rotate();
  }

  async bytesOnDisk(): Promise<number> {
    let total = 0;
    for (const s of await this.segments()) total += (await fsp.stat(s.file).catch(() => ({ size: 0 }))).size;
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.rotateTimer) clearInterval(this.rotateTimer);
    while (this.flushing) await new Promise((r) => setImmediate(r));
    await this.fd?.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A segment's complete lines as text, for shipping without parsing on the event loop (Postgres
 * parses the JSON). A torn final line (crash mid-write) was never acknowledged and is dropped.
 */
export async function readSegmentLines(file: string): Promise<{ text: string; lines: number }> {
  let text = await fsp.readFile(file, 'utf8');
  if (text && !text.endsWith('\n')) text = text.slice(0, text.lastIndexOf('\n') + 1);
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return { text, lines };
}

/** Reads a segment's complete records; a torn final line (crash mid-write) is skipped. */
export async function readSegment(file: string): Promise<unknown[]> {
  const text = await fsp.readFile(file, 'utf8');
  const lines = text.split('\n');
  const out: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      if (i < lines.length - 1) throw new Error(`${file}: corrupt record on line ${i + 1}`);
    }
  }
  return out;
}
