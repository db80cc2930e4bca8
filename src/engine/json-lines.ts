/** The engine's progress streams are newline-delimited JSON, split across chunks at arbitrary points. */

/** Call `handle` with every line of the stream, the last one included even without a trailing newline. */
export async function forEachLine(
  stream: AsyncIterable<Buffer | string>,
  handle: (line: string) => void,
): Promise<void> {
  let buf = '';
  for await (const chunk of stream) {
    buf += chunk.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      handle(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  }
  handle(buf);
}
