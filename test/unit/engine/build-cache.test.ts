import { describe, expect, it } from 'vitest';
import { cacheRecordsFrom, diskUsageQuery, ownRecords } from '../../../src/engine/build-cache.js';

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

  // Seen on Docker 28.5: our build of `FROM scratch; COPY busybox; COPY r; RUN [...]` and, while its RUN step
  // ran, another client's build of `COPY payload` (http url, copy /context /, [1/1] COPY payload /payload).
  const at = (hms: string) => Date.parse(`2026-11-29T${hms}Z`);
  const spans = [
    { name: '[internal] load remote build context', start: at('15:56:27.206'), end: at('15:56:27.206') },
    { name: 'copy /context /', start: at('15:56:27.212'), end: at('15:56:27.245') },
    { name: '[1/3] COPY busybox /bin/busybox', start: at('15:56:27.252'), end: at('15:56:27.263') },
    { name: '[2/3] COPY r /r', start: at('15:56:27.263'), end: at('15:56:27.300') },
    { name: '[3/3] RUN ["/bin/busybox","touch","/y"]', start: at('15:56:27.302'), end: at('15:56:29.455') },
  ];
  const r = (ID: string, hms: string, Description: string) => ({ ...rec(ID, `2026-11-29T${hms}Z`), Description });

  it('takes the records our steps made: kind and time match, the context record made just before its step', () => {
    const records = cacheRecordsFrom({
      BuildCache: [
        r('ctx', '15:56:27.202', 'http url http://build-context-xz9a88rbpmst79cn0ipqsc08i'),
        r('ctxcopy', '15:56:27.228', 'copy /context /'),
        r('bb', '15:56:27.262', '[1/3] COPY busybox /bin/busybox'),
        r('r', '15:56:27.295', '[2/3] COPY r /r'),
        r('run', '15:56:29.454', 'mount / from exec /bin/busybox touch /y'),
        // Another client, while our RUN step ran:
        r('theirs-ctx', '15:56:28.100', 'http url http://build-context-k3i6vo9hnaun9qlnu3mm7bva0'),
        r('theirs-copy', '15:56:28.105', 'copy /context /'),
        r('theirs-payload', '15:56:28.110', '[1/1] COPY payload /payload'),
        r('theirs-cli', '15:56:27.250', 'local source for context'),
        // Another client's context, sent half a second before ours:
        r('theirs-earlier-ctx', '15:56:26.700', 'http url http://build-context-n85sgau5w6rfiibn9fllhmq2k'),
        // Another client's RUN while ours ran: same kind, same moment, another command.
        r('theirs-run', '15:56:28.500', 'mount / from exec /bin/sh -c make test'),
        // A base image's layer, and a record from before the build:
        r('base', '15:56:27.300', ''),
        r('old', '15:40:00.000', '[2/3] COPY r /r'),
      ],
    });
    expect(ownRecords(records, spans).map((x) => x.id)).toEqual(['ctx', 'ctxcopy', 'bb', 'r', 'run']);
  });

  it('names the command of a RUN step as its records do: flags, continuation lines, cache mounts', () => {
    const at2 = (ms: number) => ({ start: ms, end: ms + 10 });
    const steps = [
      { name: '[build 4/4] RUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/api', ...at2(0) },
      // As Docker 28.5 names a RUN written over two lines (`\` continuation), and its record:
      { name: '[stage-0 3/6] RUN echo 365db1d7 > /x   && echo two  >> /x', ...at2(100) },
    ];
    const records = cacheRecordsFrom({
      BuildCache: [
        {
          ...rec('go', new Date(5).toISOString()),
          Description: 'mount / from exec /bin/sh -c CGO_ENABLED=0 go build -o /out/api',
        },
        {
          ...rec('apt', new Date(105).toISOString()),
          Description: 'mount / from exec /bin/sh -c echo 365db1d7 > /x   && echo two  >> /x',
        },
        {
          ...rec('other', new Date(106).toISOString()),
          Description: 'mount / from exec /bin/sh -c echo two >> /y',
        },
        {
          // BuildKit 0.8 (Docker 20.10) leaves out the id.
          ...rec('cache-0.8', new Date(8).toISOString()),
          Description: 'cached mount /go/pkg/mod from exec /bin/sh -c CGO_ENABLED=0 go build -o /out/api',
        },
        {
          ...rec('cache', new Date(7).toISOString()),
          Description:
            'cached mount /go/pkg/mod from exec /bin/sh -c CGO_ENABLED=0 go build -o /out/api with id "//go/pkg/mod"',
        },
      ],
    });
    expect(ownRecords(records, steps).map((x) => x.id)).toEqual(['go', 'apt', 'cache-0.8', 'cache']);
  });

  it('matches the one description BuildKit 0.8 (Docker 20.10) gives every file operation', () => {
    const records = cacheRecordsFrom({
      BuildCache: [r('ctxcopy', '15:56:27.239', 'fileop target'), r('during-run', '15:56:28.000', 'fileop target')],
    });
    expect(ownRecords(records, spans).map((x) => x.id)).toEqual(['ctxcopy']);
  });
});
