// Where a byte stream stops being UTF-8: the first invalid byte's offset, line and column (in
// characters), for an upload's error message. Uploads decode with TextDecoder (fast, native);
// this runs only after it refused a chunk, from the position reached before that chunk.

export interface Utf8Position {
  /** 0-based offset in the whole stream of the first malformed sequence's first byte. */
  offset: number;
  /** 1-based line and column (characters) where that byte sits. */
  line: number;
  column: number;
}

/** Line and column after `text`, continuing from `line`/`column` (the next character's place). */
export function advancePosition(pos: { line: number; column: number }, text: string): { line: number; column: number } {
  let { line, column } = pos;
  let from = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    line++;
    column = 1;
    from = nl + 1;
  }
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) column++; // a low surrogate completes a character already counted
  }
  return { line, column };
}

/**
 * Bytes at the end of `chunk` that start a UTF-8 sequence not yet complete (what a streaming
 * decoder holds back), so a search in the next chunk can start with them.
 */
export function pendingTail(chunk: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const b = chunk[chunk.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? chunk.slice(chunk.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/**
 * Where the first malformed sequence in `bytes` begins (its lead byte: `C3 41` is reported at
 * the C3, a lone `FF` at itself), `bytes` starting on a character boundary at stream offset
 * `offset`, at `line`/`column`), by the rules TextDecoder's fatal mode applies (no overlong
 * forms, no surrogates, nothing above U+10FFFF). `final`: an unfinished sequence at the end is
 * an error too. Null when every byte is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: { offset: number; line: number; column: number }, final = false): Utf8Position | null {
  let { line, column } = start;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { offset: start.offset + i, line, column };
    for (let k = 1; k < len; k++) {
      if (i + k >= bytes.length) return final ? { offset: start.offset + i, line, column } : null;
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) return { offset: start.offset + i, line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += len;
  }
  return null;
}
