// Exit 0 when a Docker engine answers (DOCKER_HOST honoured), 1 otherwise: a check that changes nothing, for CI.
import Docker from 'dockerode';

try {
  await new Docker().ping({ abortSignal: AbortSignal.timeout(5000) });
  process.exit(0);
} catch (err) {
  if (process.argv.includes('--verbose')) console.error(`no engine: ${err?.message ?? err}`);
  process.exit(1);
}
