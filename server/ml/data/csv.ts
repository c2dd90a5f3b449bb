// RFC 4180 CSV parsing that streams: feed text chunks, get back the records that completed.
// One implementation serves the CLI (file streams), the workers (uploads) and the web app.
//
// Dialect: comma separator, `"` quoting with `""` as an escaped quote; records end at CRLF, LF
// or a lone CR; quoted fields may hold commas, quotes and line breaks. The first record is the
// header. A UTF-8 BOM at the very start is dropped. The newline that ends the last record does
// not make an empty record. A completely blank line is skipped when the header has more than one
// column (it cannot be a valid row); in a single-column file it is a row with a missing value.

export class CsvError extends Error {
  /** 1-based physical line of the file the problem is on (where the offending record starts). */
  readonly line: number;
  /** Header name of the column involved, when one applies. */
  readonly column?: string;
  constructor(message: string, line: number, column?: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
    this.column = column;
  }
}

export interface CsvParserOptions {
  /** Reject input larger than this many UTF-8 bytes. */
  maxBytes?: number;
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;
const NUL = 0;

// Parser states.
const RECORD_START = 0; // nothing of the current record read yet
const FIELD_START = 1; // just after a comma
const UNQUOTED = 2; // inside an unquoted field
const QUOTED = 3; // inside a quoted field
const QUOTE_IN_QUOTED = 4; // read a `"` inside a quoted field: closing quote or first half of `""`

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2; // each half of a surrogate pair: 4 bytes per pair
    else bytes += 3;
  }
  return bytes;
}

export class CsvParser {
  private readonly maxBytes: number | undefined;
  private bytes = 0;
  private started = false;
  private finished = false;
  private state = RECORD_START;
  /** Text of the current field carried over from earlier chunks. */
  private buf = '';
  private record: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** Last character of the previous chunk, so a CRLF split across chunks counts as one break. */
  private prevLast = -1;
  private header: string[] | null = null;
  private out: string[][] = [];
  private outLines: number[] = [];
  /**
   * The 1-based line on which each record returned by the latest `push`/`end` call starts
   * (parallel to the returned array). Quoted line breaks make these differ from record indices.
   */
  lastRecordLines: number[] = [];

  constructor(opts: CsvParserOptions = {}) {
    this.maxBytes = opts.maxBytes;
  }

  /** Feeds a chunk of text; returns the records completed by it (the header is the first record). */
  push(chunk: string): string[][] {
    if (this.finished) throw new Error('CsvParser: push after end');
    if (chunk.length === 0) return this.flushOut();
    if (this.maxBytes !== undefined) {
      this.bytes += utf8Length(chunk);
      if (this.bytes > this.maxBytes) {
        throw new CsvError(`file exceeds the ${this.maxBytes}-byte limit`, this.line);
      }
    }
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.scan(chunk);
    if (chunk.length > 0) this.prevLast = chunk.charCodeAt(chunk.length - 1);
    return this.flushOut();
  }

  /** Signals end of input; returns the last record if the input did not end with a line break. */
  end(): string[][] {
    if (this.finished) return [];
    this.finished = true;
    switch (this.state) {
      case QUOTED:
        throw new CsvError(
          `unterminated quoted field${this.inColumn(this.record.length)} (the quote opened on line ${this.quoteLine} is never closed)`,
          this.quoteLine,
          this.columnName(this.record.length),
        );
      case QUOTE_IN_QUOTED:
      case UNQUOTED:
      case FIELD_START:
        this.endField('');
        this.endRecord();
        break;
      default:
        break;
    }
    if (this.header === null) throw new CsvError('empty file', 1);
    return this.flushOut();
  }

  private flushOut(): string[][] {
    const out = this.out;
    this.lastRecordLines = this.outLines;
    this.out = [];
    this.outLines = [];
    return out;
  }

  private columnName(index: number): string | undefined {
    return this.header ? this.header[index] : undefined;
  }

  /** ` in column 'x'` for a data record's field, empty while reading the header. */
  private inColumn(index: number): string {
    const name = this.columnName(index);
    return name === undefined ? '' : ` in column '${name}'`;
  }

  private endField(tail: string): void {
    this.record.push(this.buf + tail);
    this.buf = '';
  }

  private endRecord(): void {
    const rec = this.record;
    this.record = [];
    this.state = RECORD_START;
    if (this.header === null) {
      this.checkHeader(rec);
      this.header = rec;
    } else if (rec.length !== this.header.length) {
      throw new CsvError(`expected ${this.header.length} fields, found ${rec.length}`, this.recordLine);
    }
    this.out.push(rec);
    this.outLines.push(this.recordLine);
  }

  /** A line with nothing on it, read at the start of a record. */
  private blankLine(): void {
    if (this.header === null) {
      throw new CsvError('no header row (the first line is empty)', this.recordLine);
    }
    if (this.header.length === 1) {
      this.record.push('');
      this.endRecord();
    }
  }

  private checkHeader(rec: string[]): void {
    const seen = new Map<string, number>();
    rec.forEach((name, i) => {
      if (name.trim() === '') throw new CsvError(`empty header name in column ${i + 1}`, this.recordLine);
      const prev = seen.get(name);
      if (prev !== undefined) {
        throw new CsvError(`duplicate header name '${name}' (columns ${prev + 1} and ${i + 1})`, this.recordLine, name);
      }
      seen.set(name, i);
    });
  }

  private binary(): never {
    throw new CsvError('not a CSV file (binary content: NUL byte)', this.line);
  }

  /** True when the LF at `i` completes a CRLF whose CR was already counted as a line break. */
  private lfAfterCr(chunk: string, i: number): boolean {
    return (i > 0 ? chunk.charCodeAt(i - 1) : this.prevLast) === CR;
  }

  private scan(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case RECORD_START: {
          const c = chunk.charCodeAt(i);
          if (c === LF && this.lfAfterCr(chunk, i)) {
            i++; // second half of the CRLF that ended the previous record
            continue;
          }
          this.recordLine = this.line;
          if (c === LF || c === CR) {
            this.line++;
            i++;
            this.blankLine();
            continue;
          }
          this.state = FIELD_START;
          continue; // handle c as the start of the first field
        }
        case FIELD_START: {
          const c = chunk.charCodeAt(i);
          if (c === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            i++;
          } else if (c === COMMA) {
            this.endField('');
            i++;
          } else if (c === LF || c === CR) {
            this.endField('');
            this.line++;
            i++;
            this.endRecord();
          } else {
            this.state = UNQUOTED;
          }
          continue;
        }
        case UNQUOTED: {
          const start = i;
          let c = 0;
          while (i < n) {
            c = chunk.charCodeAt(i);
            if (c === COMMA || c === LF || c === CR || c === QUOTE || c === NUL) break;
            i++;
          }
          if (i === n) {
            this.buf += chunk.slice(start, n);
            continue;
          }
          if (c === NUL) this.binary();
          if (c === QUOTE) {
            throw new CsvError(
              `stray quote inside an unquoted field${this.inColumn(this.record.length)} (quote the whole field and double inner quotes)`,
              this.line,
              this.columnName(this.record.length),
            );
          }
          this.endField(chunk.slice(start, i));
          i++;
          if (c === COMMA) {
            this.state = FIELD_START;
          } else {
            this.line++;
            this.endRecord();
          }
          continue;
        }
        case QUOTED: {
          const start = i;
          let c = 0;
          while (i < n) {
            c = chunk.charCodeAt(i);
            if (c === QUOTE || c === NUL) break;
            if (c === CR || (c === LF && !this.lfAfterCr(chunk, i))) this.line++;
            i++;
          }
          this.buf += chunk.slice(start, i);
          if (i === n) continue;
          if (c === NUL) this.binary();
          this.state = QUOTE_IN_QUOTED;
          i++;
          continue;
        }
        case QUOTE_IN_QUOTED: {
          const c = chunk.charCodeAt(i);
          if (c === QUOTE) {
            this.buf += '"';
            this.state = QUOTED;
            i++;
          } else if (c === COMMA) {
            this.endField('');
            this.state = FIELD_START;
            i++;
          } else if (c === LF || c === CR) {
            this.endField('');
            this.line++;
            i++;
            this.endRecord();
          } else {
            if (c === NUL) this.binary();
            throw new CsvError(
              `unexpected character after a closing quote${this.inColumn(this.record.length)} (expected a comma or a line break)`,
              this.line,
              this.columnName(this.record.length),
            );
          }
          continue;
        }
      }
    }
  }
}

export interface ParsedCsv {
  header: string[];
  /** Data rows; an empty cell (or `""`) is null, i.e. missing. */
  rows: (string | null)[][];
  /** 1-based file line on which each data row starts (differs from index + 2 after quoted line breaks). */
  rowLines: number[];
}

/** Collects records from a parser into header + rows; shared by parseCsv and the CLI file reader. */
export class CsvCollector {
  header: string[] | null = null;
  rows: (string | null)[][] = [];
  rowLines: number[] = [];

  add(records: string[][], lines: number[]): void {
    for (let r = 0; r < records.length; r++) {
      const rec = records[r];
      if (this.header === null) {
        this.header = rec;
        continue;
      }
      const row: (string | null)[] = new Array(rec.length);
      for (let j = 0; j < rec.length; j++) row[j] = rec[j] === '' ? null : rec[j];
      this.rows.push(row);
      this.rowLines.push(lines[r]);
    }
  }

  result(): ParsedCsv {
    if (this.header === null) throw new CsvError('empty file', 1);
    return { header: this.header, rows: this.rows, rowLines: this.rowLines };
  }
}

export function parseCsv(text: string, opts: CsvParserOptions = {}): ParsedCsv {
  const parser = new CsvParser(opts);
  const col = new CsvCollector();
  col.add(parser.push(text), parser.lastRecordLines);
  col.add(parser.end(), parser.lastRecordLines);
  return col.result();
}
