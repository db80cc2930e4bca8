import { describe, expect, it } from 'vitest';
import type { CacheRecord } from '../../../src/engine/build-cache.js';
import { isFromStep, isSourceRecord, slotsOf } from '../../../src/engine/step-slots.js';

const span = (name: string, start = 1000, end = 2000) => ({ name, start, end, failed: false });
/** Which descriptions each slot of the step accepts, one list per slot. */
const accepts = (name: string, descriptions: string[]) =>
  slotsOf(span(name)).map((s) => descriptions.filter((d) => s.fits(d)));

describe('the records a step that ran can have made', () => {
  it('gives a RUN one exec record named by its command: flags, JSON form and continuation lines as records name them', () => {
    expect(
      accepts('[build 4/4] RUN --network=none CGO_ENABLED=0 go build -o /out/api', [
        'mount / from exec /bin/sh -c CGO_ENABLED=0 go build -o /out/api',
        'mount / from exec /bin/sh -c go vet',
        'fileop target',
      ]),
    ).toEqual([['mount / from exec /bin/sh -c CGO_ENABLED=0 go build -o /out/api']]);
    expect(accepts('[3/3] RUN ["/bin/busybox","touch","/y"]', ['mount / from exec /bin/busybox touch /y'])).toEqual([
      ['mount / from exec /bin/busybox touch /y'],
    ]);
    // As Docker 28.5 names a RUN written over two lines (`\` continuation), and its record.
    expect(
      accepts('[stage-0 3/6] RUN echo 365db1d7 > /x   && echo two  >> /x', [
        'mount / from exec /bin/sh -c echo 365db1d7 > /x   && echo two  >> /x',
        'mount / from exec /bin/sh -c echo two >> /y',
      ]),
    ).toEqual([['mount / from exec /bin/sh -c echo 365db1d7 > /x   && echo two  >> /x']]);
  });

  it('gives a RUN one more slot per cache mount, described with the id from BuildKit 0.9 on and without in 0.8', () => {
    const step =
      '[build 4/4] RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache go build';
    const slots = slotsOf(span(step));
    expect(slots).toHaveLength(3);
    const cache = slots[1];
    expect(cache?.fits('cached mount /go/pkg/mod from exec /bin/sh -c go build')).toBe(true);
    expect(cache?.fits('cached mount /go/pkg/mod from exec /bin/sh -c go build with id "//go/pkg/mod"')).toBe(true);
    expect(cache?.fits('cached mount /x from exec /bin/sh -c go test')).toBe(false);
    // A bind mount makes no record of its own.
    expect(slotsOf(span('[2/2] RUN --mount=type=bind,target=/src make'))).toHaveLength(1);
  });

  it("accepts BuildKit 0.8's one description of every file operation, or the step's own name, for COPY, ADD and WORKDIR", () => {
    for (const step of ['[2/4] COPY a /a', '[stage-0 2/4] ADD a /a', '[build 2/4] WORKDIR /src']) {
      expect(accepts(step, ['fileop target', step, '[9/9] COPY b /b'])).toEqual([['fileop target', step]]);
    }
    expect(accepts('copy /context /', ['copy /context /', 'fileop target'])).toEqual([
      ['copy /context /', 'fileop target'],
    ]);
  });

  it('gives the context step one slot, opened a second before it (the record comes first), and metadata steps none', () => {
    const [ctx, ...more] = slotsOf(span('[internal] load remote build context', 5000, 5000));
    expect(more).toEqual([]);
    expect([ctx?.from, ctx?.to]).toEqual([4000, 5005]);
    expect(ctx?.fits('http url http://build-context-xz9a88rbpmst79cn0ipqsc08i')).toBe(true);
    expect(ctx?.fits('http url http://example.com/app.tar')).toBe(false);
    expect(slotsOf(span('[internal] load metadata for docker.io/local/busybox:bookworm'))).toEqual([]);
    expect(slotsOf(span('exporting to image'))).toEqual([]);
    expect(slotsOf(span('[1/2] FROM docker.io/local/busybox:bookworm'))).toEqual([]);
  });

  it('gives a step that failed no slot: the record it was writing is dropped', () => {
    expect(slotsOf({ ...span('[3/3] RUN make test'), failed: true })).toEqual([]);
    expect(slotsOf({ ...span('[2/3] COPY a /a'), failed: true })).toEqual([]);
  });

  it('knows a FROM step, and the records of build inputs that our builds never reuse', () => {
    expect(isFromStep(span('[1/2] FROM docker.io/probe/base:v@sha256:d6193c80'))).toBe(true);
    expect(isFromStep(span('[2/2] COPY --from=build /out /'))).toBe(false);
    const r = (description: string, type = 'regular') => ({ description, type }) as CacheRecord;
    expect(isSourceRecord(r('http url http://build-context-7igdy5u3g2opsgh9z48n'))).toBe(true);
    expect(isSourceRecord(r('local source for context', 'source.local'))).toBe(true);
    expect(isSourceRecord(r('git snapshot for https://example.com/x.git#main', 'source.git.checkout'))).toBe(true);
    expect(isSourceRecord(r('fileop target'))).toBe(false);
    expect(isSourceRecord(r('from local '))).toBe(false);
  });
});
