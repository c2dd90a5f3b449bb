// The durable prediction spool: an append-only log on local disk. A prediction is acknowledged
// only after its record is fsynced here (group commit: every record that arrives while one
// fsync runs shares the next one, so durability costs one fsync per batch, not per request).
// The log shipper copies closed segments into Postgres in order and deletes them.
//
// Files: <dir>/<seq>.jsonl, seq zero-padded. The active segment is closed (rotated) every
// `rotateMs` or `segmentBytes`, so shipping lags by about rotateMs.
//
// Every operation on the active file handle (write, fsync, truncate, rotate, close) runs in one
// queue, so a rotation can never interleave with a write: a segment is listed as closed only
// once its handle is closed and no write can target it. A failed write (disk full) is cut back
// to the last complete record, so no torn line is left in the middle of a segment; only a crash
// can leave a torn last line, which was never acknowledged and is skipped by the reader.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { logger } from '@/server/observability/logger';

export interface SpoolOptions {
  rotateMs: number;
  segmentBytes: number;
  /** false: acknowledge after write() without fsync ("at most rotateMs of loss on power failure" mode). */
  fsync: boolean;
  /** Refuse new records while the spool holds more than this many bytes (0: no cap). */
  maxBytes?: number;
}

/** The spool holds VIGIL_SPOOL_MAX_BYTES already: the record was not taken; retry later. */
export class SpoolFullError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`the prediction log holds ${bytes} bytes not yet shipped to Postgres, at its limit of ${maxBytes} (VIGIL_SPOOL_MAX_BYTES)`);
  }
}

/** Writing or syncing the spool failed (disk full, I/O error): the records were not acknowledged. */
export class SpoolWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(`the prediction log could not be written (${(cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause)})`);
  }
}

interface Waiter {
  resolve: (seq: number) => void;
  reject: (e: unknown) => void;
}

const SEQ_WIDTH = 12;
const segName = (seq: number) => `${String(seq).padStart(SEQ_WIDTH, '0')}.jsonl`;
const log = logger({ component: 'spool' });

export class Spool {
  private fd: fsp.FileHandle | null = null;
  private seq = 0;
  private size = 0;
  private openedAt = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private waiters: Waiter[] = [];
  private flushQueued = false;
  /** The queue every file-handle operation runs in (see the header). */
  private queue: Promise<void> = Promise.resolve();
  private rotateTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** A failed write could be neither cut back nor left behind: the next write starts a new line. */
  private tornOpen = false;
  /** Bytes of every segment on disk (closed and active), kept as files are written and shipped. */
  private diskBytes = 0;
  /** Records acknowledged but not yet shipped, across segments (approximate, for metrics). */
  unshippedRecords = 0;
  /** Failed writes (disk full, I/O errors), for metrics. */
  writeFailures = 0;

  private constructor(
    readonly dir: string,
    private readonly opts: SpoolOptions,
  ) {}

  static async open(dir: string, opts: SpoolOptions): Promise<Spool> {
    await fsp.mkdir(dir, { recursive: true });
    const s = new Spool(dir, opts);
    const existing = await s.segments();
    for (const seg of existing) s.diskBytes += (await fsp.stat(seg.file)).size;
    // Never append to a file of an earlier life: it may end in a torn line.
    s.seq = existing.length ? existing[existing.length - 1].seq + 1 : 1;
    await s.openSegment(s.seq);
    s.rotateTimer = setInterval(() => {
      s.exclusive(() => s.rotateIfOld()).catch((e: unknown) => log.error({ err: e }, 'timed rotation of the spool failed; the next write retries'));
    }, opts.rotateMs);
    s.rotateTimer.unref();
    return s;
  }

  private async openSegment(seq: number): Promise<void> {
    const fd = await fsp.open(path.join(this.dir, segName(seq)), 'a');
    // Make the new file's directory entry durable too.
    if (this.opts.fsync) await fsyncDir(this.dir);
    const old = this.fd;
    this.fd = fd;
    this.seq = seq;
    this.size = 0;
    this.tornOpen = false;
    this.openedAt = Date.now();
    if (old) await old.close().catch((e: unknown) => log.warn({ err: e }, 'closing a rotated spool segment failed'));
  }

  /** Runs `fn` after every file-handle operation queued before it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Appends records (`lines`: their JSON lines when the caller wrote them already); resolves with the segment they went to once they are durable (fsynced).
   * All or nothing: a record that cannot be serialised, a full spool or a failed write rejects
   * the whole call and none of its records is acknowledged.
   */
  append(records: unknown[], lines: string[] = records.map((r) => JSON.stringify(r))): Promise<number> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    let bytes = 0;
    for (const l of lines) bytes += Buffer.byteLength(l) + 1;
    const max = this.opts.maxBytes ?? 0;
    if (max > 0 && this.diskBytes + this.pendingBytes + bytes > max) return Promise.reject(new SpoolFullError(this.diskBytes + this.pendingBytes, max));
    for (const l of lines) this.pending.push(l);
    this.pendingBytes += bytes;
    this.unshippedRecords += records.length;
    return new Promise<number>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        this.exclusive(() => this.flushLoop()).catch((e: unknown) => log.error({ err: e }, 'spool flush loop failed'));
      }
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        const lines = this.pending;
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        const body = Buffer.from(lines.join('\n') + '\n');
        this.pendingBytes -= body.length;
        // After a torn write that stayed in the file, end its line first: the fragment is then
        // a line of its own (quarantined by the shipper) and these records stay intact.
        const buf = this.tornOpen ? Buffer.concat([Buffer.from('\n'), body]) : body;
        const seq = this.seq;
        try {
          await this.writeAll(buf);
          if (this.opts.fsync) await this.fd!.datasync();
        } catch (e) {
          this.writeFailures++;
          this.unshippedRecords -= lines.length;
          await this.cutBack();
          for (const w of waiters) w.reject(new SpoolWriteError(e));
          continue;
        }
        this.tornOpen = false;
        this.size += buf.length;
        this.diskBytes += buf.length;
        for (const w of waiters) w.resolve(seq);
        // Under steady load a flush is always queued, so the timer alone would rotate late:
        // rotate here too once the segment is old or big enough, keeping shipping lag ≈ rotateMs.
        if (this.size >= this.opts.segmentBytes || Date.now() - this.openedAt >= this.opts.rotateMs) {
          await this.rotate().catch((e: unknown) => log.error({ err: e }, 'spool rotation failed; retrying on the next write'));
        }
      }
    } finally {
      this.flushQueued = false;
    }
  }

  private async writeAll(buf: Buffer): Promise<void> {
    // write(2) may write part of a buffer (a filling disk) and report it without an error.
    for (let at = 0; at < buf.length; ) {
      const { bytesWritten } = await this.fd!.write(buf, at, buf.length - at);
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      at += bytesWritten;
    }
  }

  /** After a failed write: cut the file back to its last complete record; if even that fails, move to a new segment. */
  private async cutBack(): Promise<void> {
    try {
      await this.fd!.truncate(this.size);
      if (this.opts.fsync) await this.fd!.datasync();
    } catch (e) {
      log.error({ err: e }, 'could not cut a failed spool write back; closing the segment (the shipper quarantines a torn line)');
      this.tornOpen = true;
      await this.rotate().catch((e2: unknown) => log.error({ err: e2 }, 'spool rotation after a failed write failed'));
    }
  }

  private async rotateIfOld(): Promise<void> {
    if (this.size > 0 && !this.closed && Date.now() - this.openedAt >= this.opts.rotateMs) await this.rotate();
  }

  /** Only inside exclusive(): opens the next segment, then closes the active one. */
  private async rotate(): Promise<void> {
    await this.openSegment(this.seq + 1);
  }

  /** Closed segments, oldest first: every segment before the active one. */
  async closedSegments(): Promise<{ seq: number; file: string }[]> {
    const active = this.seq;
    return (await this.segments()).filter((s) => s.seq < active);
  }

  private async segments(): Promise<{ seq: number; file: string }[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    return names
      .filter((n) => /^\d+\.jsonl$/.test(n))
      .map((n) => ({ seq: Number(n.slice(0, -6)), file: path.join(this.dir, n) }))
      .sort((a, b) => a.seq - b.seq);
  }

  /** The shipper removed a shipped segment of `bytes` bytes. */
  removed(bytes: number): void {
    this.diskBytes = Math.max(0, this.diskBytes - bytes);
  }

  /** Closes the active segment now so the shipper can take everything acknowledged so far (shutdown, tests). */
  sealActive(): Promise<void> {
    return this.exclusive(async () => {
      if (this.size > 0 && !this.closed) await this.rotate();
    });
  }

  bytesOnDisk(): number {
    return this.diskBytes;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.rotateTimer) clearInterval(this.rotateTimer);
    await this.exclusive(async () => {
      await this.fd?.close();
      this.fd = null;
    });
  }
}

function fsyncDir(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.open(dir, 'r', (err, fd) => {
      if (err) return reject(err);
      fs.fsync(fd, (e) => fs.close(fd, () => (e ? reject(e) : resolve())));
    });
  });
}

/**
 * A segment's lines as text, for shipping without parsing on the event loop (Postgres parses
 * the JSON). A torn final line (crash mid-write) was never acknowledged and is dropped.
 */
export async function readSegmentLines(file: string): Promise<{ lines: string[]; lineNos: number[]; tornTail: boolean; bytes: number }> {
  return splitSegment(await fsp.readFile(file));
}

/** A segment's bytes as lines (see readSegmentLines). */
export function splitSegment(buf: Buffer): { lines: string[]; lineNos: number[]; tornTail: boolean; bytes: number } {
  let text = buf.toString('utf8');
  const tornTail = text.length > 0 && !text.endsWith('\n');
  if (tornTail) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const all = text ? text.slice(0, -1).split('\n') : [];
  const lines: string[] = [];
  const lineNos: number[] = [];
  // Empty lines (a torn write's line ending) carry nothing; line numbers stay the file's.
  all.forEach((l, i) => {
    if (l.length === 0) return;
    lines.push(l);
    lineNos.push(i + 1);
  });
  return { lines, lineNos, tornTail, bytes: buf.length };
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
