/** Readiness is an HTTP answer on 127.0.0.1, never a TCP connect: docker-proxy accepts before the app listens. */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One GET on 127.0.0.1:port with a short timeout; rejects on connection errors. */
function httpGet(port: number, urlPath: string, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    // agent: false so no kept-alive socket from an earlier poll answers for a new container.
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export interface PollOptions {
  port: number;
  path: string;
  /** Give up after this long, ms. */
  timeoutMs: number;
  /** Pause between attempts, ms. */
  intervalMs: number;
  signal?: AbortSignal;
  /** Called between attempts; return a reason to stop early (e.g. the container exited). */
  check?: () => Promise<string | null>;
}

/** Poll GET until a status below 500 comes back; returns the answer or throws naming what was awaited. */
export async function pollHttp(opts: PollOptions): Promise<HttpAnswer> {
  const deadline = performance.now() + opts.timeoutMs;
  let last = 'no attempt';
  let attempt = 0;
  while (performance.now() < deadline) {
    opts.signal?.throwIfAborted();
    try {
      const answer = await httpGet(opts.port, opts.path, 1_000);
      if (answer.status < 500) return answer;
      last = `HTTP ${answer.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    // Checking the container costs an engine call; do it every few attempts, not on every poll.
    if (opts.check && attempt++ % 10 === 9) {
      const stop = await opts.check();
      if (stop) throw new Error(stop);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  if (opts.check) {
    const stop = await opts.check();
    if (stop) throw new Error(stop);
  }
  throw new Error(`GET ${opts.path} did not answer within ${opts.timeoutMs / 1000} s (last: ${last})`);
}
