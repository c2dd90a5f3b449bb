// The paging limits every list endpoint enforces, in a module with no imports so the CLI (a
// separate program) pages by the same numbers the console checks.

/** The largest page any list returns; a bigger `limit` is refused (400 naming `limit`). */
export const MAX_PAGE_SIZE = 200;
/** Deeper offsets are refused: past this, narrow the filters instead of paging. */
export const MAX_OFFSET = 100_000;
