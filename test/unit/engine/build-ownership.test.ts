/**
 * judgeBuild on snapshots written after what Docker 20.10 (BuildKit 0.8, overlay2) and 28.5 (containerd store) listed
 * around real builds: the same descriptions, creation times and step times (daemon clock), shortened ids.
 */
import { describe, expect, it } from 'vitest';
import type { CacheRecord } from '../../../src/engine/build-cache.js';
import { judgeBuild } from '../../../src/engine/build-ownership.js';

const at = (hms: string) => Date.parse(`2026-12-02T12:${hms}Z`);
/** A record created at `created` (`mm:ss.mmm`), last released at `used` (null: never), `n` times. */
const rec = (
  id: string,
  description: string,
  created: string,
  more: Partial<CacheRecord> & { used?: string | null } = {},
): CacheRecord => {
  const { used = created, ...rest } = more;
  return {
    id,
    description,
    type: 'regular',
    inUse: false,
    shared: false,
    size: 100,
    createdAt: at(created),
    lastUsedAt: used === null ? null : at(used),
    usageCount: 1,
    ...rest,
  };
};
const span = (name: string, start: string, end: string) => ({ name, start: at(start), end: at(end), failed: false });
/** The same record, released once more at `when`. */
const released = (r: CacheRecord, when: string): CacheRecord => ({
  ...r,
  lastUsedAt: at(when),
  usageCount: r.usageCount + 1,
});
const ids = (o: { records: CacheRecord[] }) => o.records.map((r) => r.id);

// Docker 20.10: the busybox base's two layers, then our multi-stage build of it.
const base20 = [rec('kbjh6r', 'from local ', '23:07.486', { shared: true }), rec('9279ow', 'from local ', '23:07.511')];
const spans20 = [
  span('[internal] load remote build context', '26:27.452', '26:27.452'),
  span('copy /context /', '26:27.456', '26:27.522'),
  span('[internal] load metadata for docker.io/local/busybox:bookworm', '26:27.534', '26:27.534'),
  span('[build 2/4] WORKDIR /src', '26:27.540', '26:27.553'),
  span('[build 3/4] COPY . .', '26:27.554', '26:27.580'),
  span('[build 4/4] RUN cat /src/a > /out1', '26:27.581', '26:27.799'),
  span('[stage-1 2/2] COPY --from=build /out1 /usr/local/bin/x', '26:27.811', '26:27.824'),
  span('exporting to image', '26:27.826', '26:27.843'),
];
const ours20 = [
  rec('ucl00d', 'http url http://build-context-4dpu350h5m2tfoqddplo704y2', '26:27.446', { used: '26:27.851' }),
  rec('idki27', 'fileop target', '26:27.459'),
  rec('65jv9w', 'fileop target', '26:27.552'),
  rec('ys3c4g', 'fileop target', '26:27.578'),
  rec('qo5xmn', 'mount / from exec /bin/sh -c cat /src/a > /out1', '26:27.587'),
  rec('0j0osj', 'fileop target', '26:27.823'),
];
const after20 = [...base20.map((r) => released(r, '26:27.845')), ...ours20];

// Docker 28.5, containerd store: the same build; the base's top record is its own build's last RUN.
const base28 = [rec('dzb6y8', 'mount / from exec /bin/busybox --install -s /bin', '23:11.641', { shared: true })];
const spans28 = [
  span('[internal] load remote build context', '26:31.046', '26:31.046'),
  span('copy /context /', '26:31.052', '26:31.069'),
  span('[internal] load metadata for docker.io/local/busybox:bookworm', '26:31.080', '26:31.099'),
  span('[stage-1 2/2] COPY --from=build /out1 /usr/local/bin/x', '26:31.393', '26:31.418'),
  span('[build 4/4] RUN cat /src/a > /out1', '26:31.169', '26:31.380'),
  span('[build 3/4] COPY . .', '26:31.144', '26:31.166'),
  span('[build 2/4] WORKDIR /src', '26:31.125', '26:31.143'),
  span('exporting to image', '26:31.421', '26:31.584'),
];
const ours28 = [
  rec('mteq0p', 'http url http://build-context-zitn1bu7llbmcwjgbqmoewn4b', '26:31.035'),
  rec('3fvbn6', 'copy /context /', '26:31.058'),
  rec('fws259', '[build 2/4] WORKDIR /src', '26:31.141'),
  rec('z2fbe8', '[build 3/4] COPY . .', '26:31.165'),
  rec('ygpasc', 'mount / from exec /bin/sh -c cat /src/a > /out1', '26:31.193'),
  rec('t2roic', '[stage-1 2/2] COPY --from=build /out1 /usr/local/bin/x', '26:31.413'),
];
const after28 = [released(base28[0] as CacheRecord, '26:31.651'), ...ours28];

describe('judgeBuild: the records of a build whose window shows no other client are proven ours', () => {
  it('claims every record of a quiet 20.10 build, though all its file operations are described alike', () => {
    expect(judgeBuild(base20, after20, spans20)).toEqual({ proven: true, records: ours20 });
  });

  it('claims every record of a quiet 28.5 build, steps reported out of order; the touched base stays unclaimed', () => {
    expect(judgeBuild(base28, after28, spans28)).toEqual({ proven: true, records: ours28 });
  });

  it("leaves out a base image's layer record, made on the image's first use during our FROM step (28.5)", () => {
    const spans = [
      span('[internal] load remote build context', '26:53.631', '26:53.631'),
      span('copy /context /', '26:53.637', '26:53.652'),
      span('[2/2] COPY a /a', '26:53.726', '26:53.765'),
      span('[1/2] FROM docker.io/probe/base:v@sha256:d6193c8087036e9a', '26:53.701', '26:53.723'),
    ];
    const after = [
      rec('51v0ur', 'http url http://build-context-pezn7el4kx5sus5m0zpwoi3zc', '26:53.623'),
      rec('1wb5gg', 'copy /context /', '26:53.646'),
      rec('nnp0iq', '', '26:53.714', { shared: true }),
      rec('j426ks', '[2/2] COPY a /a', '26:53.764'),
    ];
    expect(ids(judgeBuild([], after, spans))).toEqual(['51v0ur', '1wb5gg', 'j426ks']);
  });

  it('claims the new context of a build served wholly from cache, beside the records it reused (20.10)', () => {
    // The cached steps' records are released again; the earlier build's context is not touched.
    const before = [...after20];
    const after = [
      ...after20.slice(0, 2).map((r) => released(r, '26:40.100')),
      ...ours20.slice(0, 2),
      ...ours20.slice(2).map((r) => released(r, '26:40.100')),
      rec('urrqfj', 'http url http://build-context-kptgt1otbe7o3ol1othissfvy', '26:40.001'),
      rec('zrk1u6', 'fileop target', '26:40.013'),
    ];
    const spans = [
      span('[internal] load remote build context', '26:40.005', '26:40.005'),
      span('copy /context /', '26:40.010', '26:40.030'),
    ];
    expect(judgeBuild(before, after, spans)).toEqual({ proven: true, records: after.slice(-2) });
  });

  it('pairs records and steps one to one, even where a greedy choice would strand one (parallel stages, 20.10)', () => {
    const spans = [
      span('[internal] load remote build context', '30:00.100', '30:00.100'),
      span('[a 2/2] COPY x /x', '30:00.200', '30:00.400'),
      span('[b 2/2] COPY y /y', '30:00.300', '30:00.350'),
    ];
    const after = [
      rec('ctx', 'http url http://build-context-aaaa', '30:00.095'),
      // Fits both COPY steps; taken first, it must not keep the only step that explains the next one.
      rec('r1', 'fileop target', '30:00.320'),
      rec('r2', 'fileop target', '30:00.340'),
    ];
    expect(ids(judgeBuild([], after, spans))).toEqual(['ctx', 'r1', 'r2']);
  });
});

describe('judgeBuild: any sign of another client leaves every record that appeared in the window', () => {
  const unproven = (reason: string, records: CacheRecord[]) => ({ proven: false, reason, records });

  it('another build holds records as ours begins (its RUN was running)', () => {
    const before = [...base20, rec('3qxhe7', 'mount / from exec /bin/sh -c sleep 4', '24:53.824', { inUse: true })];
    const after = [...after20, ...before.slice(2).map((r) => ({ ...r, inUse: false }))];
    expect(judgeBuild(before, after, spans20)).toEqual(unproven('another build was running as it began', ours20));
  });

  it('a record is still in use once ours has ended and released its own', () => {
    const theirs = rec('mhx9ys', 'mount / from exec /bin/sh -c sleep 4 && cat /a > /b', '26:27.600', {
      inUse: true,
      used: null,
    });
    expect(judgeBuild(base20, [...after20, theirs], spans20)).toEqual(
      unproven('a build was still running after it ended', [...ours20, theirs]),
    );
  });

  it('another build ended during ours: its working records vanished, its final ones (made before) appeared', () => {
    const working = rec('htl24h', 'http url http://build-context-rj60mppllidth1c2yni84rdpl', '26:20.724', {
      used: '26:20.725',
    });
    const final = rec('4hwk09', 'http url http://build-context-rj60mppllidth1c2yni84rdpl', '26:20.723');
    expect(judgeBuild([...base20, working], [...after20, final], spans20)).toEqual(
      unproven('records vanished while it ran', [...ours20, final]),
    );
  });

  it("another build's context, there before ours began (the moment it held nothing), was released during ours", () => {
    // 20.10: right after a tar context arrives, its record exists and nothing is in use yet.
    const ctx = rec('kzx1pc', 'http url http://build-context-7igdy5u3g2opsgh9z48n', '26:27.300', { used: '26:27.307' });
    expect(judgeBuild([...base20, ctx], [...after20, released(ctx, '26:27.830')], spans20)).toEqual(
      unproven("another build's context was used while it ran", ours20),
    );
  });

  it('another build began and ended within ours, wholly from cache: a second context appeared', () => {
    const theirs = [
      rec('kqnrc8', 'http url http://build-context-7iryjznrpomcoefzs7qwy0nof', '26:27.600'),
      rec('mpu237', 'fileop target', '26:27.610'),
    ];
    expect(judgeBuild(base20, [...after20, ...theirs], spans20)).toEqual(
      unproven("another build's context appeared while it ran", [...ours20, ...theirs]),
    );
  });

  it('a record of the same kind appeared at the same moment as one of ours: one step, two records (20.10)', () => {
    const theirs = rec('theirs', 'fileop target', '26:27.570');
    expect(judgeBuild(base20, [...after20, theirs], spans20)).toEqual(
      unproven('a record none of its steps explains appeared', [...ours20, theirs]),
    );
  });

  it('the same step as ours, named alike by another client on 28.5, still leaves two records for one step', () => {
    const theirs = rec('theirs', '[build 3/4] COPY . .', '26:31.160');
    expect(judgeBuild(base28, [...after28, theirs], spans28)).toEqual(
      unproven('a record none of its steps explains appeared', [...ours28, theirs]),
    );
  });

  it('a record of a kind no step of ours makes (a client that sends local files)', () => {
    const theirs = rec('loc', 'local source for context', '26:27.600', { type: 'source.local' });
    expect(judgeBuild(base20, [...after20, theirs], spans20)).toEqual(
      unproven('a record none of its steps explains appeared', [...ours20, theirs]),
    );
  });

  it("a record made like our failed step's, which kept none: the empty step explains nothing", () => {
    const failed = spans20.map((s) => (s.name.includes('RUN') ? { ...s, failed: true } : s));
    const ran = [...base20, ...ours20.filter((r) => r.id !== 'qo5xmn' && r.id !== '0j0osj')];
    const theirs = rec('theirs', 'mount / from exec /bin/sh -c cat /src/a > /out1', '26:27.700');
    const after = [...ran.map((r) => (base20.includes(r) ? released(r, '26:27.845') : r)), theirs];
    expect(judgeBuild(base20, after, failed)).toEqual(
      unproven('a record none of its steps explains appeared', [...ours20.slice(0, 4), theirs]),
    );
  });

  it('a record that appeared with a creation time before any step of ours ran', () => {
    const theirs = rec('early', 'mount / from exec /bin/sh -c cat /src/a > /out1', '26:20.000');
    expect(judgeBuild(base20, [...after20, theirs], spans20).proven).toBe(false);
  });
});
