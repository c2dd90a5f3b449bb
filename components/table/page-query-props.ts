// The DataTable props a paged list query fills: rows and total from the page, the loading flag
// and the error message. Every list screen passes the same four from its React Query result.
export interface PageQuery<T> {
  data?: { rows: T[]; total: number };
  isFetching: boolean;
  error: { message: string } | null;
}

export function pageQueryProps<T>(q: PageQuery<T>): { rows: T[] | undefined; total: number | undefined; loading: boolean; error: string | undefined } {
  return { rows: q.data?.rows, total: q.data?.total, loading: q.isFetching, error: q.error?.message };
}
