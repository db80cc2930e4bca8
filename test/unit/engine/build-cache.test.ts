import { describe, expect, it } from 'vitest';
import { cacheRecordsFrom, diskUsageQuery, recordsOfWindows } from '../../../src/engine/build-cache.js';

const rec = (ID: string, CreatedAt: string) => ({
  ID,
  Description: 'fileop target',
  InUse: false,
  Shared: false,
  Size: 10,
  CreatedAt,
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
      { id: 'a', description: 'fileop target', inUse: false, shared: false, size: 10, createdAt: 1795967056734 },
    ]);
    const v152 = { BuildCacheUsage: { ActiveCount: 0, TotalCount: 1, Items: [rec('b', '2026-11-29T15:44:16Z')] } };
    expect(cacheRecordsFrom(v152).map((r) => r.id)).toEqual(['b']);
  });

  it('takes only records created while one of our builds streamed, on the daemon’s clock', () => {
    const t = (s: number) => new Date(1_000_000 + s).toISOString();
    const records = cacheRecordsFrom({
      BuildCache: [rec('before', t(50)), rec('ours1', t(150)), rec('between', t(250)), rec('ours2', t(350))],
    });
    const windows = [
      { start: 1_000_100, end: 1_000_200 },
      { start: 1_000_300, end: 1_000_400 },
    ];
    expect(recordsOfWindows(records, windows, 0, 0, 0).map((r) => r.id)).toEqual(['ours1', 'ours2']);
    // `since` leaves out earlier builds' records.
    expect(recordsOfWindows(records, windows, 1_000_300, 0, 0).map((r) => r.id)).toEqual(['ours2']);
    // A daemon clock 1 s ahead of ours shifts every record.
    const ahead = cacheRecordsFrom({ BuildCache: [rec('ours', t(1150)), rec('other', t(150))] });
    expect(recordsOfWindows(ahead, windows, 0, 1000, 5).map((r) => r.id)).toEqual(['ours']);
  });
});
