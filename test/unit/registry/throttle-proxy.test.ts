import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startThrottleProxy, tokenBucket } from '../../../src/registry/throttle-proxy.js';

describe('token bucket', () => {
  it('lets a burst through, then charges the deficit at the rate', () => {
    let t = 0;
    const b = tokenBucket(1000, 100, () => t);
    expect(b.take(50)).toBe(50); // starts empty: 50 bytes at 1000 B/s is 50 ms
    t = 1000; // a second of credit, capped at the burst of 100
    expect(b.take(100)).toBe(0);
    expect(b.take(200)).toBe(200);
  });
});

describe('throttle proxy', () => {
  it('delivers every byte, at about the capped rate', async () => {
    const payload = Buffer.alloc(400_000, 7);
    const target = net.createServer((s) => s.end(payload));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const proxy = await startThrottleProxy((target.address() as net.AddressInfo).port, 1_000_000, {
      burstBytes: 16_384,
    });
    try {
      const t0 = performance.now();
      const got = await new Promise<number>((resolve, reject) => {
        let n = 0;
        const c = net.connect(proxy.port, '127.0.0.1');
        c.on('data', (d: Buffer) => {
          n += d.length;
        });
        c.on('end', () => resolve(n));
        c.on('error', reject);
      });
      const ms = performance.now() - t0;
      expect(got).toBe(payload.length);
      // 400 kB at 1 MB/s is 400 ms: no faster than the cap allows (less the burst). A busy machine only makes it
      // slower, so there is no upper bound here: the test's timeout catches a stall.
      expect(ms).toBeGreaterThan(330);
    } finally {
      await proxy.close();
      await new Promise((r) => target.close(r));
    }
  });

  it('rejects a rate that is not positive', async () => {
    await expect(startThrottleProxy(1, 0)).rejects.toThrow('bytesPerSec must be positive, got 0');
  });
});
