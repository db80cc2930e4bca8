/**
 * Images and containers of "the user": made straight through dockerode, without the harness's labels, so tests can
 * check that no run touches them. A build whose stream reports an error rejects with the engine's own message
 * (followProgress alone reports only a broken connection, never a failed step).
 */
import Docker from 'dockerode';

export const docker = new Docker();

/** The unix socket the tests' engine listens on (DOCKER_HOST honoured). */
export function engineSocketPath(): string {
  const host = process.env.DOCKER_HOST;
  if (!host) return '/var/run/docker.sock';
  if (!host.startsWith('unix://')) throw new Error(`these tests need a unix-socket DOCKER_HOST, got ${host}`);
  return host.slice('unix://'.length);
}

/** Build `dockerfile` (BuildKit) as `tag` with no harness labels, sending it and `files`; rejects with the stream's error. */
export async function buildUserImage(
  context: string,
  tag: string,
  dockerfile = 'Dockerfile',
  files: string[] = [],
): Promise<string> {
  const stream = await docker.buildImage(
    { context, src: [dockerfile, ...files] },
    { t: tag, dockerfile, version: '2' },
  );
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        const message = event.errorDetail?.message ?? event.error;
        if (message) reject(new Error(`building ${tag}: ${message}`));
      },
    ),
  );
  return (await docker.getImage(tag).inspect()).Id;
}
