import { describe, expect, it } from 'vitest';
import { isLive, jobTargetLink, parseStatusFilter } from './job-target';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

describe('jobTargetLink', () => {
  it('links runs and dataset versions, and nothing else', () => {
    expect(jobTargetLink('run', 'a1b2c3d4-0000-4000-8000-000000000000')).toEqual({ href: '/runs/a1b2c3d4-0000-4000-8000-000000000000', label: 'run a1b2c3d4' });
    expect(jobTargetLink('dataset_version', 'ffff0000-1111-4000-8000-000000000000')).toEqual({
      href: '/datasets/versions/ffff0000-1111-4000-8000-000000000000',
      label: 'dataset version ffff0000',
    });
    expect(jobTargetLink('model_version', 'x')).toBeNull();
    expect(jobTargetLink(null, 'x')).toBeNull();
    expect(jobTargetLink('run', null)).toBeNull();
    expect(jobTargetLink('run', 'a/b')?.href).toBe('/runs/a%2Fb');
  });
});

describe('status filter and liveness', () => {
  it('keeps known statuses in their canonical order', () => {
    expect(parseStatusFilter('failed,queued', STATUSES)).toEqual(['queued', 'failed']);
    expect(parseStatusFilter('running, bogus', STATUSES)).toEqual(['running']);
    expect(parseStatusFilter(null, STATUSES)).toEqual([]);
    expect(parseStatusFilter('', STATUSES)).toEqual([]);
  });

  it('treats queued and running as live', () => {
    expect(STATUSES.filter(isLive)).toEqual(['queued', 'running']);
  });
});
