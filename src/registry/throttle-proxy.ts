/** A TCP proxy on 127.0.0.1 that caps the download rate with one token bucket shared by all its connections. */
import net from 'node:net';
import { releaseOnDispose } from '../disposable.js';
import type { CleanupNote } from '../errors.js';

/** A running proxy: connect to `127.0.0.1:<port>` to reach the target at the capped rate. */
export interface ThrottleProxy extends AsyncDisposable {
  port: number;
  /** Stop listening and cut every connection (kept-alive ones included). Disposing the proxy does this once. */
  close(): Promise<void>;
}

/** The token bucket: `take(n)` spends n bytes and says how long to wait before sending them, ms. */
export function tokenBucket(bytesPerSec: number, burstBytes: number, now: () => number = () => performance.now()) {
  let budget = 0;
  let last = now();
  return {
    take(n: number): number {
      const t = now();
      budget = Math.min(burstBytes, budget + ((t - last) / 1000) * bytesPerSec) - n;
      last = t;
      return budget < 0 ? (-budget / bytesPerSec) * 1000 : 0;
    },
  };
}

/**
 * Proxy 127.0.0.1:<ephemeral> → 127.0.0.1:`targetPort`, holding each chunk from the target until the shared bucket
 * has paid for it, as a link of `bytesPerSec` would. Requests upstream are not capped.
 */
export async function startThrottleProxy(
  targetPort: number,
  bytesPerSec: number,
  opts: { burstBytes?: number; note?: CleanupNote | undefined } = {},
): Promise<ThrottleProxy> {
  if (!(bytesPerSec > 0)) throw new Error(`throttle proxy: bytesPerSec must be positive, got ${bytesPerSec}`);
  // A small burst keeps a short transfer honest; 5 ms of credit absorbs timer lateness at high rates.
  const bucket = tokenBucket(bytesPerSec, opts.burstBytes ?? Math.max(64 * 1024, bytesPerSec * 0.005));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(up);
    client.pipe(up);
    const pending: Buffer[] = [];
    let waiting = false;
    let ended = false;
    const flush = () => {
      while (!waiting && pending.length > 0) {
        const chunk = pending.shift() as Buffer;
        const wait = bucket.take(chunk.length);
        if (wait <= 0) {
          if (!client.destroyed) client.write(chunk);
          continue;
        }
        waiting = true;
        up.pause();
        setTimeout(() => {
          waiting = false;
          if (!client.destroyed) client.write(chunk);
          flush();
          if (!waiting) up.resume();
          if (ended && pending.length === 0 && !waiting) client.end();
        }, wait);
      }
    };
    up.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      flush();
    });
    up.on('end', () => {
      ended = true;
      if (pending.length === 0 && !waiting) client.end();
    });
    const kill = () => {
      client.destroy();
      up.destroy();
    };
    up.on('error', kill);
    client.on('error', kill);
    client.on('close', () => {
      up.destroy();
      sockets.delete(client);
    });
    up.on('close', () => sockets.delete(up));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return { port, close, ...releaseOnDispose(`close the throttle proxy on 127.0.0.1:${port}`, close, opts.note) };
}
