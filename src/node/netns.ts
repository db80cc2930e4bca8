/** Running a program inside a network namespace the harness made: `nsenter --net=/run/netns/<name>`. */
import { execFile } from 'node:child_process';

/** The path `ip netns` keeps a namespace under. */
function netnsPath(netns: string): string {
  return `/run/netns/${netns}`;
}

/** `cmd args…` as argv run inside `netns` (network only: paths, users and mounts stay the harness's). */
export function inNetns(netns: string, cmd: string, args: readonly string[]): [string, string[]] {
  return ['nsenter', [`--net=${netnsPath(netns)}`, cmd, ...args]];
}

/** Run a short command inside `netns`; rejects with its stderr when it exits non-zero or takes over `timeoutMs`. */
export function execInNetns(
  netns: string,
  cmd: string,
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<{ stdout: string; stderr: string }> {
  const [file, argv] = inNetns(netns, cmd, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const why = stderr.trim().split('\n').slice(-3).join(' | ') || err.message;
        reject(new Error(`${cmd} ${args.join(' ')} in ${netns}: ${why}`, { cause: err }));
      } else resolve({ stdout, stderr });
    });
  });
}
