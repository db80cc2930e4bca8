import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIMS_FILE, VARIANTS_DIR } from '../../src/paths.js';
import { PROFILES } from '../../src/profiles/index.js';
import { loadCatalog } from '../../src/variants/catalog.js';
import { externalImages, finalBase } from '../../src/variants/dockerfile-stages.js';
import { loadClaims } from '../../src/variants/published-claims.js';
import { compileTemplate } from '../../src/variants/render.js';
import { type RenderedVariant, renderVariant } from '../../src/variants/render-variant.js';

const catalog = loadCatalog(VARIANTS_DIR, loadClaims(CLAIMS_FILE));

/** Render one catalog variant in a profile with its default Go version; throws on problems. */
function render(variantId: string, profileId = 'local', params: Record<string, string> = {}): RenderedVariant {
  const def = PROFILES.find((p) => p.id === profileId);
  const variant = catalog.variants.find((v) => v.id === variantId);
  if (!def || !variant) throw new Error(`no ${profileId}/${variantId}`);
  const r = renderVariant(variant, def.make(def.defaultGoVersion), params);
  if ('problems' in r) throw new Error(r.problems.join('\n'));
  return r;
}

/** A Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
function instructions(dockerfile: string): string[] {
  return dockerfile
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Instructions only in `a` and only in `b`. */
function difference(a: string, b: string): { only: string[]; added: string[] } {
  const x = instructions(a);
  const y = instructions(b);
  return { only: x.filter((l) => !y.includes(l)), added: y.filter((l) => !x.includes(l)) };
}

describe('variant catalog', () => {
  it('loads the seven core variants in teaching order, then the other published ones and the pairs', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.variants.map((v) => v.id)).toEqual([
      'ubuntu',
      'golang',
      'alpine',
      'golang-alpine',
      'multistage',
      'scratch',
      'upx',
      'multistage-debian',
      'builder-pattern',
      'busybox',
      'distroless',
      'cgo-dynamic',
      'separate-runs',
      'chained-runs',
      'ldflags-off',
      'ldflags-sw',
      'no-dockerignore',
      'dockerignore',
      'copy-all-first',
      'deps-first',
    ]);
  });

  it('links each variant to its published figures', () => {
    const ubuntu = catalog.variants.find((v) => v.id === 'ubuntu');
    expect(ubuntu?.claims.map((c) => c.reportedSizeMb)).toEqual(['636']);
    const multistage = catalog.variants.find((v) => v.id === 'multistage');
    expect(multistage?.claims.map((c) => `${c.source}:${c.reportedSizeMb}`)).toContain('do-tutorial-2019:11.3');
  });
});

/** Cells a profile cannot build, with a word of the reason each must give. */
const SKIPPED: Record<string, RegExp> = {
  'seed-2019/distroless': /cannot provide images\.distrolessStatic: .*moving tags/,
  'seed-2019/copy-all-first': /cannot provide goModDownload: Go 1\.10 predates modules/,
  'seed-2019/deps-first': /cannot provide goModDownload: Go 1\.10 predates modules/,
};

describe('rendering every variant in every profile', () => {
  const cells = PROFILES.flatMap((p) => catalog.variants.map((v) => [p.id, v.id] as const));
  it.each(cells)("%s / %s renders a Dockerfile naming only that profile's images", (profileId, variantId) => {
    const def = PROFILES.find((p) => p.id === profileId);
    const variant = catalog.variants.find((v) => v.id === variantId);
    if (!def || !variant) throw new Error('missing fixture');
    const profile = def.make(def.defaultGoVersion);
    const r = renderVariant(variant, profile, {});
    if ('problems' in r) throw new Error(r.problems.join('\n'));
    const skip = SKIPPED[`${profileId}/${variantId}`];
    if (skip) {
      expect(r.skipped).toMatch(skip);
      expect(r.dockerfile).toContain(`# not built: profile "${profileId}"`);
      expect(r.dockerfile).not.toMatch(/^FROM /m);
      return;
    }
    expect(r.skipped).toBeNull();
    expect(r.dockerfile).not.toContain('{{');
    const known = Object.values(profile.images).map((i) => i.ref);
    for (const ref of externalImages(r.dockerfile)) expect(known).toContain(ref);
    expect(r.roles.length).toBeGreaterThan(0);
  });

  it('renders the scratch variant for seed-2019 without -trimpath (Go 1.10 lacks it)', () => {
    const def = PROFILES.find((p) => p.id === 'seed-2019');
    const scratch = catalog.variants.find((v) => v.id === 'scratch');
    if (!def || !scratch) throw new Error('missing fixture');
    const r = renderVariant(scratch, def.make('1.10'), {});
    if ('problems' in r) throw new Error(r.problems.join('\n'));
    expect(r.dockerfile).toContain('FROM golang:1.10-alpine3.8 AS build');
    expect(r.dockerfile).not.toContain('-trimpath');
    expect(r.dockerfile).toContain('USER 65534:65534');
  });

  it('renders the local upx variant with no install step (the base has upx)', () => {
    const def = PROFILES.find((p) => p.id === 'local');
    const upx = catalog.variants.find((v) => v.id === 'upx');
    if (!def || !upx) throw new Error('missing fixture');
    const r = renderVariant(upx, def.make('1.23'), {});
    if ('problems' in r) throw new Error(r.problems.join('\n'));
    expect(r.dockerfile.split('\n').slice(1)).toMatchInlineSnapshot(`
      [
        "# The scratch binary, packed with UPX: a smaller image paid for with unpacking at every start.",
        "FROM local/golang:1.23-bookworm-slim AS build",
        "WORKDIR /src",
        "COPY . .",
        "RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .",
        "",
        "FROM local/upx:bookworm AS pack",
        "COPY --from=build /out/api /out/api",
        "RUN upx --best --lzma /out/api",
        "",
        "FROM scratch",
        "COPY --from=pack /out/api /api",
        "USER 65534:65534",
        "EXPOSE 3000",
        "ENTRYPOINT ["/api"]",
        "",
      ]
    `);
    expect(r.finalBase).toBe('scratch');
  });
});

describe('dockerfile stages', () => {
  it('follows stage aliases to the final base', () => {
    expect(finalBase('FROM a AS build\nFROM b AS run\nFROM run\n')).toBe('b');
    expect(finalBase('FROM golang AS build\nFROM scratch\nCOPY --from=build /x /x\n')).toBe('scratch');
  });
  it('lists external images, not aliases or scratch', () => {
    expect(externalImages('FROM a AS build\nFROM build AS t\nFROM scratch\n')).toEqual(['a']);
  });
});

describe('the published variants beyond the core seven', () => {
  it('builder-pattern renders both Dockerfiles, with the copy-out between them, and builds each on its own', () => {
    const r = render('builder-pattern');
    expect(r.buildStep?.copyOut).toEqual([{ from: '/out/api', to: 'api' }]);
    expect(instructions(r.buildStep?.dockerfile ?? '')).toEqual([
      'FROM local/golang:1.23-bookworm-slim',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/api .',
    ]);
    expect(instructions(r.finalDockerfile)).toEqual([
      'FROM local/busybox:bookworm',
      'COPY api /usr/local/bin/api',
      'EXPOSE 3000',
      'CMD ["/usr/local/bin/api"]',
    ]);
    expect(r.dockerfile).toContain(r.buildStep?.dockerfile.trimEnd());
    expect(r.dockerfile).toContain('# --- step 2: runtime image ---');
    expect(r.dockerfile.endsWith(r.finalDockerfile)).toBe(true);
    expect(r.finalBase).toBe('local/busybox:bookworm');
    expect(r.roles).toEqual(['goSmall', 'smallRuntime']);
  });

  it('multistage-debian runs on a full Debian of the Go image’s own release in every profile', () => {
    expect(['local', 'hub', 'seed-2019'].map((p) => render('multistage-debian', p).finalBase)).toEqual([
      'local/debian:bookworm',
      'debian:bookworm',
      'debian:stretch',
    ]);
  });

  it('busybox and distroless run a static binary as a non-root user', () => {
    expect(instructions(render('busybox').finalDockerfile)).toContain('USER 65534:65534');
    const distroless = render('distroless');
    expect(distroless.finalBase).toBe('local/distroless:bookworm');
    expect(distroless.profile.images.distrolessStatic.standsFor).toBe('gcr.io/distroless/static-debian12');
    expect(render('distroless', 'hub').finalBase).toBe('gcr.io/distroless/static-debian12');
    expect(instructions(distroless.dockerfile)).toEqual(
      expect.arrayContaining([
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .',
        'USER 65532:65532',
      ]),
    );
  });

  it('cgo-dynamic is distroless with cgo on, which forces a glibc runtime', () => {
    expect(difference(render('distroless').dockerfile, render('cgo-dynamic').dockerfile)).toEqual({
      only: ['RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .', 'FROM local/distroless:bookworm'],
      added: ['RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/api .', 'FROM local/debian:bookworm-slim'],
    });
    expect(render('cgo-dynamic', 'hub').finalBase).toBe('debian:bookworm-slim');
    expect(render('cgo-dynamic', 'seed-2019').finalBase).toBe('debian:stretch-slim');
  });

  it('links each to the published figures that are really there', () => {
    const claims = (id: string) => catalog.variants.find((v) => v.id === id)?.claims.map((c) => c.reportedSizeMb);
    expect(claims('multistage-debian')).toEqual(['107']);
    expect(claims('busybox')).toEqual(['7.7']);
    expect(claims('builder-pattern')).toEqual(['11.8']);
    expect(claims('distroless')).toEqual(['~20', '23.4']);
    expect(claims('cgo-dynamic')).toEqual([null]);
  });
});

describe('teaching pairs', () => {
  const paired = catalog.variants.filter((v) => v.pairWith);

  it('pair the four lessons and cgo-dynamic, each after its partner in the walk', () => {
    expect(paired.map((v) => `${v.pairWith} -> ${v.id}`)).toEqual([
      'distroless -> cgo-dynamic',
      'separate-runs -> chained-runs',
      'ldflags-off -> ldflags-sw',
      'no-dockerignore -> dockerignore',
      'copy-all-first -> deps-first',
    ]);
    const order = (id: string | undefined) => catalog.variants.find((v) => v.id === id)?.order ?? Number.NaN;
    for (const v of paired) expect(order(v.pairWith)).toBeLessThan(v.order);
    for (const v of paired.slice(1)) expect(v.order).toBeGreaterThan(70);
  });

  it('separate-runs and chained-runs run the same commands, layered differently', () => {
    expect(difference(render('separate-runs').dockerfile, render('chained-runs').dockerfile)).toEqual({
      only: [
        'RUN apt-get update',
        'RUN apt-get install -y --no-install-recommends ca-certificates tzdata',
        'RUN rm -rf /var/lib/apt/lists/*',
      ],
      added: [
        'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*',
      ],
    });
  });

  it('ldflags-off and ldflags-sw differ only in -ldflags="-s -w"', () => {
    expect(difference(render('ldflags-off').dockerfile, render('ldflags-sw').dockerfile)).toEqual({
      only: ['RUN CGO_ENABLED=0 go build -trimpath -o /out/api .'],
      added: ['RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .'],
    });
  });

  it('no-dockerignore and dockerignore share a Dockerfile and differ only in the .dockerignore', () => {
    expect(instructions(render('no-dockerignore').dockerfile)).toEqual(instructions(render('dockerignore').dockerfile));
    const ctx = (id: string) => catalog.variants.find((v) => v.id === id)?.context;
    expect(ctx('no-dockerignore')).toEqual({ ...ctx('dockerignore'), dockerignore: false });
    expect(ctx('dockerignore')).toEqual({ junkBytes: 52_428_800, junkPath: 'bin/junk.bin', dockerignore: true });
  });

  it('copy-all-first and deps-first run the same steps, go.mod and the dependency step moved first', () => {
    const all = instructions(render('copy-all-first').dockerfile);
    const deps = instructions(render('deps-first').dockerfile);
    expect(deps.filter((l) => !all.includes(l))).toEqual(['COPY go.mod go.sum* ./']);
    expect(all.filter((l) => !deps.includes(l))).toEqual([]);
    const step = 'RUN go mod download && go build -trimpath std';
    expect(all.indexOf(step)).toBeGreaterThan(all.indexOf('COPY . .'));
    expect(deps.indexOf(step)).toBeLessThan(deps.indexOf('COPY . .'));
  });
});

describe('profiles that cannot provide a value', () => {
  it('finds every value a template names, helpers excluded', () => {
    expect(
      compileTemplate('FROM {{images.goSmall}}\n{{#if upxInstall}}RUN {{upxInstall}}{{/if}}\nUSER {{nonRootUser}}')
        .names,
    ).toEqual(['images.goSmall', 'upxInstall', 'nonRootUser']);
  });

  it('skips rather than fails, and a --param that supplies the value lifts the skip', () => {
    expect(render('deps-first', 'seed-2019').skipped).toMatch(/goModDownload/);
    const r = render('deps-first', 'seed-2019', { goModDownload: 'true' });
    expect(r.skipped).toBeNull();
    expect(instructions(r.dockerfile)).toContain('RUN true && go build  std');
  });
});

describe('multi-step and context metadata', () => {
  it('names a missing build template, a copy-out leaving the context and a bad junk size', () => {
    const dir = path.resolve(import.meta.dirname, '../fixtures/broken-steps');
    const broken = loadCatalog(dir, []);
    expect(broken.variants).toEqual([]);
    expect(broken.problems.map((p) => p.replaceAll(`${dir}/`, ''))).toEqual([
      'bad-copy-out/variant.json: buildImage.copyOut.0.to: a relative path without ..',
      'bad-copy-out/variant.json: context.junkBytes: Too small: expected number to be >=1',
      'no-build-template/variant.json: buildImage.template "Dockerfile.build.hbs" is not a file in no-build-template',
    ]);
  });
});
