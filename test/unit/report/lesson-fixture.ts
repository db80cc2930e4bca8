/** A hand-made run for the lesson renderers: steps listed out of order, layers, anatomy, a pair, a failed step. */
import type { ImageAnatomy, LayerReport, RunResult, VariantRecord } from '../../../src/types.js';
import { report, row, sizeRun, timedRow } from './fixture.js';

const GOLANG = `# One stage on the official Go image.
FROM local/golang:1.23-bookworm
WORKDIR /src
COPY . .
RUN go build -o api .
CMD ["./api"]
`;

const MULTISTAGE = `# Build, then copy only the binary. <script>alert("x")</script> & more
FROM local/golang:1.23-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .

FROM local/busybox:bookworm
COPY --from=build /out/api /api
CMD ["/api"]
`;

const SCRATCH = `# A static binary alone.
FROM local/golang:1.23-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api .

FROM scratch
COPY --from=build /out/api /api
USER 65534:65534
ENTRYPOINT ["/api"]
`;

const layer = (instruction: string, bytes: number, fromBase = false): LayerReport => ({ instruction, bytes, fromBase });

const anatomy = (extra: Partial<ImageAnatomy>): ImageAnatomy => ({
  totalLayerBytes: 0,
  wastedBytes: 0,
  efficiency: 1,
  userWastedBytes: 0,
  userWastedShare: 0,
  executables: 1,
  shells: [],
  packageManagers: [],
  setuidFiles: [],
  user: '',
  ...extra,
});

/** The shared report defaults, with the values every lesson step here starts from. */
function variant(id: string, extra: Partial<VariantRecord>): VariantRecord {
  return report(id, { dockerfile: '', goVersion: 'go1.23.5', runsAsRoot: true, ...extra });
}

/** Four steps given as scratch, golang, broken, multistage; `order` puts them golang, multistage, scratch, broken. */
export function lessonRun(): RunResult {
  const base = sizeRun();
  return {
    ...base,
    variants: [
      variant('scratch', {
        title: 'Static binary on scratch',
        teaching: 'CGO_ENABLED=0 makes the binary static. Scratch removes the base altogether.',
        order: 60,
        pairWith: 'multistage',
        runsAsRoot: false,
        dockerfile: SCRATCH,
        bases: [{ role: 'runtime', ref: 'scratch', standsFor: null }],
        finalBase: { ref: 'scratch', standsFor: null },
        published: [{ ...claim('gadiener-medium', 'scratch', '6.5'), published: '' }],
        layers: [layer('COPY /out/api /api # buildkit', 5_000_000)],
        anatomy: anatomy({ user: '65534:65534', totalLayerBytes: 5_000_000 }),
      }),
      variant('golang', {
        title: 'Official Go image',
        teaching: 'Convenient, not small.',
        order: 20,
        dockerfile: GOLANG,
        bases: [{ role: 'runtime', ref: 'local/golang:1.23-bookworm', standsFor: 'golang:1.23-bookworm' }],
        finalBase: { ref: 'local/golang:1.23-bookworm', standsFor: 'golang:1.23-bookworm' },
        published: [claim('do-tutorial-2019', 'golang', '744')],
      }),
      variant('broken', {
        title: 'A step that does not compile',
        order: 90,
        status: 'failed',
        image: null,
        dockerfile: 'FROM scratch\n',
        error: 'build broken: RUN go build: exit code 1\nmain.go:3:2: <missing> import',
      }),
      variant('multistage', {
        title: 'Multi-stage <build>',
        teaching: 'Compile in one stage, copy only the binary.',
        order: 40,
        dockerfile: MULTISTAGE,
        bases: [
          { role: 'build', ref: 'local/golang:1.23-bookworm', standsFor: 'golang:1.23-alpine3.21' },
          { role: 'runtime', ref: 'local/busybox:bookworm', standsFor: 'alpine:3.21' },
        ],
        finalBase: { ref: 'local/busybox:bookworm', standsFor: 'alpine:3.21' },
        published: [claim('do-tutorial-2019', 'multistage', '11.3')],
        layers: [
          layer('ADD rootfs.tar /', 1_000_000, true),
          layer('CMD ["sh"]', 0, true),
          layer('COPY /out/api /api # buildkit', 9_000_000),
          layer('CMD ["/api"]', 0),
        ],
        anatomy: anatomy({
          totalLayerBytes: 10_200_000,
          wastedBytes: 200_000,
          efficiency: 0.98,
          userWastedBytes: 150_000,
          userWastedShare: 0.015,
          executables: 402,
          shells: ['/bin/sh'],
          packageManagers: [],
          setuidFiles: ['/bin/busybox'],
        }),
      }),
    ],
    measurements: [
      row('golang', 'image_size', 866_000_000),
      row('multistage', 'image_size', 10_000_000),
      row('multistage', 'layers', 4, { unit: 'count' }),
      timedRow('multistage', 'build_cold', 19_100, 0, 1),
      timedRow('multistage', 'startup', 312, 9.5, 5),
      row('scratch', 'image_size', 5_000_000),
      row('scratch', 'layers', 1, { unit: 'count' }),
      timedRow('scratch', 'build_cold', 22_500, 0, 1),
      timedRow('scratch', 'startup', 310, 9.53, 5),
      row('scratch', 'smoke', 1, { unit: 'pass' }),
      row('broken', 'image_size', null, { status: 'failed', error: 'build broken: RUN go build: exit code 1' }),
    ],
    warnings: [],
  };
}

function claim(source: string, variant: string, reportedSizeMb: string) {
  return { source, published: '2019-03-25', variant, baseImages: '', reportedSizeMb, notes: '' };
}
