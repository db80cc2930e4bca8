import { describe, expect, it } from 'vitest';
import { cacheRecordsFrom, diskUsageQuery } from '../../../src/engine/build-cache.js';

const rec = (ID: string, CreatedAt: string) => ({
  ID,
  Type: 'regular',
  Description: 'fileop target',
  InUse: false,
  Shared: false,
  Size: 10,
  CreatedAt,
  LastUsedAt: '2026-11-29T15:44:17.5Z',
  UsageCount: 2,
});

describe('build-cache records', () => {
  it('asks /system/df for build-cache records in the shape of each API version', () => {
    expect(diskUsageQuery('1.41')).toEqual({});
    expect(diskUsageQuery('1.51')).toEqual({ type: ['build-cache'] });
    expect(diskUsageQuery('1.52')).toEqual({ type: ['build-cache'], verbose: '1' });
  });

  it('reads the legacy BuildCache list, null when empty, and the BuildCacheUsage.Items of API 1.52+', () => {
    expect(cacheRecordsFrom({ BuildCache: null })).toEqual([]);
    expect(cacheRecordsFrom({ BuildCache: [rec('a', '2026-11-29T15:44:16.73403419Z')] })).toEqual([
      {
        id: 'a',
        description: 'fileop target',
        type: 'regular',
        inUse: false,
        shared: false,
        size: 10,
        createdAt: 1795967056734,
        lastUsedAt: 1795967057500,
        usageCount: 2,
      },
    ]);
    const v152 = { BuildCacheUsage: { ActiveCount: 0, TotalCount: 1, Items: [rec('b', '2026-11-29T15:44:16Z')] } };
    expect(cacheRecordsFrom(v152).map((r) => r.id)).toEqual(['b']);
  });

  it('reads a record never released (LastUsedAt null, as a build in progress lists it) as never used', () => {
    const running = { ...rec('m', '2026-11-29T15:44:16Z'), InUse: true, LastUsedAt: null, UsageCount: 0 };
    expect(cacheRecordsFrom({ BuildCache: [running] })[0]).toMatchObject({
      inUse: true,
      lastUsedAt: null,
      usageCount: 0,
    });
  });
});
