import { describe, expect, it } from 'vitest';
import { CLAIMS_FILE, VARIANTS_DIR } from '../../src/paths.js';
import { PROFILES } from '../../src/profiles/index.js';
import { loadCatalog } from '../../src/variants/catalog.js';
import { externalImages, finalBase } from '../../src/variants/dockerfile-stages.js';
import { loadClaims } from '../../src/variants/published-claims.js';
import { renderVariant } from '../../src/variants/render-variant.js';

const catalog = loadCatalog(VARIANTS_DIR, loadClaims(CLAIMS_FILE));

describe('variant catalog', () => {
  it('loads the seven core variants in teaching order without problems', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.variants.map((v) => v.id)).toEqual([
      'ubuntu',
      'golang',
      'alpine',
      'golang-alpine',
      'multistage',
      'scratch',
      'upx',
    ]);
  });

  it('links each variant to its published figures', () => {
    const ubuntu = catalog.variants.find((v) => v.id === 'ubuntu');
    expect(ubuntu?.claims.map((c) => c.reportedSizeMb)).toEqual(['636']);
    const multistage = catalog.variants.find((v) => v.id === 'multistage');
    expect(multistage?.claims.map((c) => `${c.source}:${c.reportedSizeMb}`)).toContain('do-tutorial-2019:11.3');
  });
});

describe('rendering every variant in every profile', () => {
  const cells = PROFILES.flatMap((p) => catalog.variants.map((v) => [p.id, v.id] as const));
  it.each(cells)("%s / %s renders a Dockerfile naming only that profile's images", (profileId, variantId) => {
    const def = PROFILES.find((p) => p.id === profileId);
    const variant = catalog.variants.find((v) => v.id === variantId);
    if (!def || !variant) throw new Error('missing fixture');
    const profile = def.make(def.defaultGoVersion);
    const r = renderVariant(variant, profile, {});
    if ('problems' in r) throw new Error(r.problems.join('\n'));
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
