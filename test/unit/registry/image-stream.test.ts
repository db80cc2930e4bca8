import { describe, expect, it } from 'vitest';
import { readImageStream } from '../../../src/engine/image-stream.js';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}
const lines = (...evs: object[]) => chunks(evs.map((e) => JSON.stringify(e)).join('\n'));

describe('push and pull progress streams', () => {
  it('reads the manifest digest from the aux event of a push', async () => {
    const s = await readImageStream(
      lines(
        { status: 'The push refers to repository [127.0.0.1:5000/app]' },
        { status: 'Pushed', id: 'a1b2c3' },
        { status: 'v1: digest: sha256:abc size: 528' },
        { progressDetail: {}, aux: { Tag: 'v1', Digest: 'sha256:abc', Size: 528 } },
      ),
    );
    expect(s).toMatchObject({ error: undefined, digest: 'sha256:abc' });
  });

  it('reads the digest from the closing status line when the engine sends no aux event (containerd store)', async () => {
    const digest = 'sha256:a3c104ebd4d100ccf4666d5f59a494f382a9a76ba9b901236998f73cc42dfe1e';
    const s = await readImageStream(
      lines(
        { status: 'The push refers to repository [127.0.0.1:39977/probe/reg]' },
        { status: 'Pushed', progressDetail: {}, id: 'b6f8ade7e26d' },
        { status: `1: digest: ${digest} size: 502` },
      ),
    );
    expect(s).toMatchObject({ error: undefined, digest });
  });

  it('reports the error event of a push to a dead registry (HTTP 200 with an error inside)', async () => {
    const s = await readImageStream(
      lines(
        { status: 'The push refers to repository [127.0.0.1:5999/app]' },
        {
          errorDetail: {
            message: 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
          },
          error: 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
        },
      ),
    );
    expect(s.error).toMatch(/connection refused/);
    expect(s.digest).toBeUndefined();
  });

  it('counts downloaded and already present layers of a pull, once each, across chunk boundaries', async () => {
    const text = [
      { status: 'Pulling from app', id: 'v1' },
      { status: 'Already exists', id: 'aaa' },
      { status: 'Pulling fs layer', id: 'bbb' },
      { status: 'Download complete', id: 'bbb' },
      { status: 'Pull complete', id: 'bbb' },
      { status: 'Pull complete', id: 'ccc' },
      { status: 'Status: Downloaded newer image for 127.0.0.1:5000/app:v1' },
    ]
      .map((e) => JSON.stringify(e))
      .join('\r\n');
    const s = await readImageStream(chunks(text.slice(0, 50), text.slice(50)));
    expect([...s.pullComplete]).toEqual(['bbb', 'ccc']);
    expect([...s.alreadyExists]).toEqual(['aaa']);
  });
});
