import CDX from '@cyclonedx/cyclonedx-library';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerLabels } from '../../src/engine/labels.js';
import { findScanner, NO_SCANNER } from '../../src/measure/vulnerability-scan.js';
import { M } from '../../src/metrics/catalogue.js';
import { checkRun } from '../../src/run/check-input.js';
import { silentProgress } from '../../src/run/progress.js';
import { run } from '../../src/run/run.js';
import { renderSbom, SBOM_SPEC } from '../../src/sbom/render-sbom.js';
import type { GoBinary, RunResult, VariantRecord } from '../../src/types.js';
import { engine } from '../support/engine-available.js';
import { testRunOptions } from '../support/run-options.js';

const testRun = `packages-${Date.now().toString(36)}`;

/** Run `entrypoint cmd…` in a container of `image` and give back what it printed (stdout and stderr). */
async function runIn(image: string, entrypoint: string[], cmd: string[]): Promise<string> {
  const id = await engine.createContainer({ image, labels: containerLabels(testRun), entrypoint, cmd });
  try {
    await engine.startContainer(id);
    const until = Date.now() + 5 * 60_000;
    while ((await engine.containerState(id)).running) {
      if (Date.now() > until) throw new Error(`${entrypoint.join(' ')} in ${image} did not finish within 5 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return await engine.containerLogs(id, 1_000_000);
  } finally {
    await engine.removeContainer(id);
  }
}

/** What `go version -m` prints for each Go binary, by path, read with its own line rules. */
function goVersionM(text: string): Map<string, Omit<GoBinary, 'path'>> {
  const out = new Map<string, Omit<GoBinary, 'path'>>();
  let current: Omit<GoBinary, 'path'> | null = null;
  for (const line of text.split('\n')) {
    const head = /^(\/\S*): (go\S.*)$/.exec(line);
    if (head) {
      current = { goVersion: head[2] as string, command: '', main: null, modules: [], settings: {} };
      out.set(head[1] as string, current);
      continue;
    }
    if (!current || !line.startsWith('\t')) continue;
    const [, kind, a = '', b = ''] = line.split('\t');
    if (kind === 'path') current.command = a;
    if (kind === 'mod') current.main = { path: a, version: b };
    if (kind === 'dep') current.modules.push({ path: a, version: b });
    if (kind === 'build') {
      const eq = a.startsWith('"') ? a.indexOf('=', a.indexOf('"', 1)) : a.indexOf('=');
      const unquote = (s: string) => (s.startsWith('"') ? (JSON.parse(s) as string) : s);
      current.settings[unquote(a.slice(0, eq))] = unquote(a.slice(eq + 1));
    }
  }
  return out;
}

describe('packages and SBOMs, read from the layers the anatomy already reads', () => {
  let result: RunResult;
  const record = (variant: string) => result.variants.find((v) => v.variant === variant) as VariantRecord;
  const value = (variant: string, metric: string) =>
    result.measurements.find((m) => m.variant === variant && m.metric === metric);

  beforeAll(async () => {
    const opts = await testRunOptions({
      variants: ['ubuntu', 'scratch', 'distroless', 'upx'],
      metrics: ['size', 'anatomy'],
    });
    const outcome = await run(await checkRun(opts), {
      engine,
      progress: silentProgress,
      signal: new AbortController().signal,
    });
    result = outcome.result;
    expect(outcome.exitCode, JSON.stringify(result.measurements.filter((m) => m.status === 'failed'))).toBe(0);
  });

  it('counts exactly the packages `dpkg-query -W` lists inside the ubuntu-like image, name, version and arch', async () => {
    const ubuntu = record('ubuntu');
    const wc = await runIn(ubuntu.image as string, ['sh', '-c'], ['dpkg-query -W | wc -l']);
    expect(value('ubuntu', M.packages)?.value).toBe(Number(wc.trim()));
    expect(ubuntu.packages?.os).toHaveLength(Number(wc.trim()));
    const listed = await runIn(
      ubuntu.image as string,
      ['dpkg-query'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax, not a template
      ['-W', '-f', '${Package} ${Version} ${Architecture}\\n'],
    );
    const ours = (ubuntu.packages?.os ?? []).map((p) => `${p.name} ${p.version} ${p.arch}`);
    expect(ours.sort()).toEqual(listed.trim().split('\n').sort());
    expect(ubuntu.packages?.distro).toMatchObject({ id: 'debian', versionId: '12' });
  });

  it('reads every Go binary in the ubuntu-like image as `go version -m` does, toolchain included', async () => {
    const ubuntu = record('ubuntu');
    // Every regular executable file (hard links too); go version reports the Go ones and says nothing of the rest.
    const printed = await runIn(
      ubuntu.image as string,
      ['sh', '-c'],
      ['find / -xdev -type f -perm /111 -print0 | xargs -0 go version -m 2>/dev/null; true'],
    );
    const theirs = goVersionM(printed);
    const ours = new Map((ubuntu.packages?.go ?? []).map(({ path, ...info }) => [path, info]));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    // The app and the toolchain (go, gofmt, compile, link, vet…): well over ten binaries, each read the same.
    expect(ours.size).toBeGreaterThan(10);
    for (const [path, info] of ours) expect(info, path).toEqual(theirs.get(path));
    const api = ours.get('/src/api');
    expect(api?.goVersion).toBe(ubuntu.goVersion);
    expect(api?.main).toEqual({ path: 'imagediet/api', version: '(devel)' });
  });

  it('lists scratch’s Go binary with its Go version, main module and build settings: scratch is not empty', () => {
    const scratch = record('scratch');
    expect(value('scratch', M.packages)?.value).toBe(0);
    expect(scratch.packages).toMatchObject({ distro: null, os: [], notRead: [] });
    expect(scratch.packages?.go).toHaveLength(1);
    const [api] = scratch.packages?.go ?? [];
    expect(api).toMatchObject({
      path: '/api',
      goVersion: scratch.goVersion,
      command: 'imagediet/api',
      main: { path: 'imagediet/api', version: '(devel)' },
      // The app uses the standard library only: no dependency modules.
      modules: [],
    });
    expect(api?.goVersion).toMatch(/^go1\.\d+/);
    // Go records the build's settings, but leaves -ldflags out of a -trimpath build (it may hold paths).
    expect(api?.settings).toMatchObject({ CGO_ENABLED: '0', '-trimpath': 'true', GOOS: 'linux' });
    expect(api?.settings).not.toHaveProperty('-ldflags');
  });

  it('finds no Go build information in the upx variant: UPX compressed the binary, blob and all', () => {
    expect(record('upx').packages).toMatchObject({ distro: null, os: [], go: [], notRead: [] });
  });

  it('finds no dpkg database in the local distroless stand-in, which copies files out of packages', () => {
    // gcr.io/distroless keeps one status file per package in /var/lib/dpkg/status.d; the stand-in does not.
    expect(record('distroless').packages).toMatchObject({ distro: { id: 'debian' }, os: [] });
    expect(value('distroless', M.packages)?.value).toBe(0);
  });

  it('records each layer’s media type and compression, and the largest files with the layer that added them', () => {
    const scratch = record('scratch');
    const anatomy = scratch.anatomy;
    expect(anatomy?.layerMedia).toHaveLength(scratch.identity?.layerDigests.length ?? -1);
    // 20.10 exports `<id>/layer.tar`: plain tar with no manifest media type; 25 and later name one.
    for (const m of anatomy?.layerMedia ?? [])
      expect(m.mediaType === null || m.mediaType.startsWith('application/vnd.')).toBe(true);
    expect(anatomy?.largestFiles?.[0]).toMatchObject({
      path: '/api',
      bytes: value('scratch', M.binaryBytes)?.value,
      fromBase: false,
      instruction: expect.stringMatching(/^COPY /),
    });
    const ubuntuFiles = record('ubuntu').anatomy?.largestFiles ?? [];
    expect(ubuntuFiles).toHaveLength(20);
    expect(ubuntuFiles.map((f) => f.bytes)).toEqual([...ubuntuFiles.map((f) => f.bytes)].sort((a, b) => b - a));
  });

  it('says once that no scanner counted vulnerabilities, or counts them when one is on PATH', async () => {
    const scanner = await findScanner();
    const rows = result.measurements.filter((m) => m.metric === M.vulnerabilities);
    expect(rows).toHaveLength(4);
    if (scanner === null) {
      expect(result.announced?.filter((a) => a.subject === M.vulnerabilities)).toEqual([
        expect.objectContaining({ reason: NO_SCANNER }),
      ]);
      expect(new Set(rows.map((r) => `${r.status}: ${r.error}`))).toEqual(new Set([`skipped: ${NO_SCANNER}`]));
    } else {
      for (const r of rows) expect(r.status).not.toBe('skipped');
    }
  });

  it('writes SBOMs that the CycloneDX JSON schema accepts, with purls for deb and golang components', async () => {
    const validator = new CDX.Validation.JsonStrictValidator(SBOM_SPEC);
    const runFacts = { runId: result.runId, startedAt: result.startedAt, toolVersion: '0.1.0' };
    for (const variant of ['ubuntu', 'scratch', 'distroless', 'upx']) {
      const text = renderSbom(record(variant), runFacts);
      expect(await validator.validate(text), variant).toBeNull();
    }
    const ubuntu = JSON.parse(renderSbom(record('ubuntu'), runFacts));
    const purls: string[] = ubuntu.components.map((c: { purl?: string }) => c.purl).filter(Boolean);
    expect(purls.filter((p) => p.startsWith('pkg:deb/debian/'))).toHaveLength(
      record('ubuntu').packages?.os.length ?? -1,
    );
    expect(purls.some((p) => p.startsWith('pkg:golang/stdlib@v1.'))).toBe(true);
    const scratch = JSON.parse(renderSbom(record('scratch'), runFacts));
    expect(scratch.components.map((c: { name: string }) => c.name).sort()).toEqual(['/api', 'imagediet/api', 'stdlib']);
  });
});
