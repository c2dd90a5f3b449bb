import { describe, expect, it } from 'vitest';
import { CliError } from '../command';
import { pageFooter, pageRequest, readPages } from './pages';

/** A console's list of `n` rows, recording the pages asked for. */
function fakeList(n: number) {
  const asked: [number, number][] = [];
  const fetchPage = async (offset: number, limit: number) => {
    asked.push([offset, limit]);
    return { rows: Array.from({ length: Math.max(0, Math.min(limit, n - offset)) }, (_, i) => offset + i), total: n };
  };
  return { asked, fetchPage };
}

describe('CLI paging', () => {
  it('reads one page by --page and --limit, with the page count', async () => {
    const l = fakeList(120);
    const got = await readPages(pageRequest({ page: '3', limit: '50' }), l.fetchPage);
    expect(l.asked).toEqual([[100, 50]]);
    expect(got).toEqual({ rows: Array.from({ length: 20 }, (_, i) => 100 + i), total: 120, page: 3, pages: 3, limit: 50 });
    expect(pageFooter(got, 'models')).toBe('page 3 of 3 (120 models)\n');
    const first = await readPages(pageRequest({}), l.fetchPage);
    expect(first.rows).toHaveLength(50);
    expect(pageFooter(first, 'models')).toBe('page 1 of 3 (120 models); --page 2 for the next, --all for every page\n');
    expect(pageFooter(await readPages(pageRequest({}), fakeList(3).fetchPage), 'models')).toBeNull();
  });

  it('--all reads every page in bounded requests, in order', async () => {
    const l = fakeList(450);
    const got = await readPages(pageRequest({ all: true }), l.fetchPage);
    expect(l.asked).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
    ]);
    expect(got.rows).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(got).toMatchObject({ total: 450 });
    expect(got.page).toBeUndefined();
    const exact = fakeList(4);
    expect((await readPages(pageRequest({ all: true, limit: '2' }), exact.fetchPage)).rows).toEqual([0, 1, 2, 3]);
    expect(exact.asked).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });

  it('refuses bad flags naming them', () => {
    const refused = (v: Record<string, string | boolean>) => {
      try {
        pageRequest(v);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ limit: '0' })).toMatch(/--limit must be a whole number from 1 to 200, got '0'/);
    expect(refused({ limit: '201' })).toMatch(/--limit/);
    expect(refused({ limit: '1e2' })).toMatch(/--limit/);
    expect(refused({ page: '-1' })).toMatch(/--page/);
    expect(refused({ page: '2.5' })).toMatch(/--page/);
    // Past the console's deepest offset: narrow the list instead.
    expect(refused({ page: '2002', limit: '50' })).toMatch(/--page must be a whole number from 1 to 2,001/);
    expect(refused({ page: '2', all: true })).toMatch(/--page or --all/);
  });
});
