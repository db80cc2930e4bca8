/** scripts/engine.sh, the project's side-engine mechanism, as the harness calls it. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../paths.js';

export const ENGINE_SH = path.join(ROOT, 'scripts', 'engine.sh');

/** Run `sh engine.sh args…`; resolves its stdout, trimmed, or rejects with its last stderr lines. */
export function engineSh(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', [ENGINE_SH, ...args], { timeout: timeoutMs, encoding: 'utf8', env }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(`engine.sh ${args.join(' ')}: ${stderr.trim().split('\n').slice(-3).join(' | ') || err.message}`),
        );
      else resolve(stdout.trim());
    });
  });
}
