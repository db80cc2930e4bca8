/** Small readers for what the engine returns as tar archives or multiplexed log frames. */
import tar from 'tar-stream';

/** The first regular file in a tar stream (a container archive of one path), or null. */
export async function readFileFromTar(stream: NodeJS.ReadableStream): Promise<Buffer | null> {
  const extract = tar.extract();
  (stream as unknown as { pipe: (d: unknown) => void }).pipe(extract);
  let found: Buffer | null = null;
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    if (found === null && entry.header.type === 'file') found = Buffer.concat(chunks);
  }
  return found;
}

/** Demultiplex docker's log framing: 8-byte header `[stream,0,0,0,size32BE]` per frame, as `GET /containers/{id}/logs` sends it for a container without a TTY. */
export function demuxLogs(buf: Buffer): string {
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buf.length && buf[i + 1] === 0 && (buf[i] === 1 || buf[i] === 2)) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size).toString('utf8'));
    i += 8 + size;
  }
  // A TTY container's logs are not framed: return them as they are.
  if (i === 0) return buf.toString('utf8');
  return parts.join('');
}
