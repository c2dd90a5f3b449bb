// The most procedures one tRPC HTTP request may carry: the web route refuses a larger batch with
// 400 before running any, and the browser's batch link splits its calls to stay under it.
export const TRPC_MAX_BATCH = 16;

/** The largest tRPC request body (JSON inputs; file uploads go to the REST routes): 413 past it. */
export const TRPC_MAX_BODY_BYTES = 4 * 1024 * 1024;
