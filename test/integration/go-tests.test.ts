import { describe, expect, it } from 'vitest';
import { ensureBases } from '../../src/bases/index.js';
import { contextFiles } from '../../src/build/build-context.js';
import { imageLabels } from '../../src/engine/labels.js';
import { APP_DIR } from '../../src/paths.js';
import { newRunId } from '../../src/run/run-id.js';
import { engine } from '../support/engine-available.js';

describe('the sample API', () => {
  it('passes go vet and its Go unit tests inside a build stage', async () => {
    const runId = newRunId();
    const records = await ensureBases(engine, ['golang-slim'], { goVersion: '1.23', rebuild: false, runId });
    // Dependencies come first in the list: pick the Go image itself.
    const base = records.find((r) => r.id === 'golang-slim');
    const dockerfile = `FROM ${base?.ref}\nWORKDIR /src\nCOPY . .\nRUN go vet ./... && go test -v ./... 2>&1\n`;
    const tag = `imagediet-test/go-tests:${runId.toLowerCase()}`;
    const since = Date.now();
    try {
      const result = await engine.build({
        files: [...contextFiles(APP_DIR), { name: 'Dockerfile', content: Buffer.from(dockerfile) }],
        dockerfile: 'Dockerfile',
        tag,
        labels: imageLabels(runId, 'temp', tag),
        builder: 'buildkit',
        noCache: true,
        timeoutMs: 10 * 60_000,
      });
      expect(result.log.join('\n')).toMatch(/^ok\s+imagediet\/api/m);
    } finally {
      await engine.removeImage(tag, { force: true });
      await engine.pruneBuildCacheSince(since);
    }
  });
});
