/** scripts/engine.sh, the project's side-engine mechanism, as the harness calls it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../paths.js';

export const ENGINE_SH = path.join(ROOT, 'scripts', 'engine.sh');

/**
 * Run `sh engine.sh args…` in a process group of its own; resolves its stdout, trimmed, or rejects with its last
 * stderr lines. Past `timeoutMs` the whole group is stopped (mmdebstrap, apt-get, a dockerd that never answered), not
 * only the shell, so nothing it started outlives the wait.
 */
export function engineSh(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [ENGINE_SH, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr = (stderr + t).slice(-4000);
    });
    const group = (sig: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), sig);
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      group('SIGTERM');
      setTimeout(() => group('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`engine.sh ${args.join(' ')}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const why = timedOut
        ? `did not finish within ${Math.round(timeoutMs / 1000)} s; stopped with everything it started`
        : stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${code}`;
      if (code === 0 && !timedOut) resolve(stdout.trim());
      else reject(new Error(`engine.sh ${args.join(' ')}: ${why}`));
    });
  });
}
