import { describe, expect, it } from 'vitest';
import { parseTableUrl, writeTableUrl } from './url-state';

const cfg = { sortKeys: ['createdAt', 'name'] as const, defaultSort: 'createdAt' as const, defaultDir: 'desc' as const, filterKeys: ['status', 'q'] };

describe('table state in the URL', () => {
  it('round-trips page, size, sort and filters, leaving defaults out of the URL', () => {
    const s = { pageIndex: 2, pageSize: 100, sort: 'name' as const, dir: 'asc' as const, filters: { status: 'failed', q: 'lr' } };
    const p = writeTableUrl(new URLSearchParams('other=1'), s, cfg);
    expect(p.toString()).toBe('other=1&page=3&size=100&sort=name&dir=asc&status=failed&q=lr');
    expect(parseTableUrl(p, cfg)).toEqual(s);
    const d = writeTableUrl(new URLSearchParams(), { pageIndex: 0, pageSize: 50, sort: 'createdAt', dir: 'desc', filters: {} }, cfg);
    expect(d.toString()).toBe('');
  });

  it('falls back to defaults for hand-edited nonsense', () => {
    const s = parseTableUrl(new URLSearchParams('page=-3&size=1000000&sort=password&dir=sideways&status='), cfg);
    expect(s).toEqual({ pageIndex: 0, pageSize: 50, sort: 'createdAt', dir: 'desc', filters: {} });
    expect(parseTableUrl(new URLSearchParams('page=1.5'), cfg).pageIndex).toBe(0);
    expect(parseTableUrl(new URLSearchParams(`q=${'x'.repeat(500)}`), cfg).filters.q).toHaveLength(200);
  });

  it('keeps two tables on one page apart with a prefix', () => {
    const users = { ...cfg, prefix: 'u', filterKeys: ['uq'] };
    const tokens = { ...cfg, prefix: 't', filterKeys: [] };
    const p = writeTableUrl(new URLSearchParams(), { pageIndex: 1, pageSize: 25, sort: 'name', dir: 'asc', filters: { uq: 'ann' } }, users);
    expect(p.toString()).toBe('upage=2&usize=25&usort=name&udir=asc&uq=ann');
    expect(parseTableUrl(p, tokens)).toEqual({ pageIndex: 0, pageSize: 50, sort: 'createdAt', dir: 'desc', filters: {} });
    const both = writeTableUrl(p, { pageIndex: 3, pageSize: 50, sort: 'createdAt', dir: 'desc', filters: {} }, tokens);
    expect(parseTableUrl(both, users)).toMatchObject({ pageIndex: 1, pageSize: 25, sort: 'name', filters: { uq: 'ann' } });
    expect(parseTableUrl(both, tokens).pageIndex).toBe(3);
  });
});
