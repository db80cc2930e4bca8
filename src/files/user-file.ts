/**
 * Reading a file whose path a user gave (a template, a history, a config, a results.json), in bounded time: only a
 * regular file is read, and only up to a size. A FIFO would block the read for ever, a device such as /dev/zero
 * would never end, and a symlink loop fails at open; each is answered with a one-line reason instead.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** The largest file read by default, bytes: far above any template, config or history this harness writes. */
export const MAX_USER_FILE_BYTES = 512 * 1024 * 1024;

/** A file that cannot be read as one: the message is one line naming the path and why. */
export class UserFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code: string | null,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'UserFileError';
  }
}

// O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one; O_NOCTTY: a terminal named
// as a file never becomes this process's controlling terminal.
const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function fromErrno(file: string, err: unknown): UserFileError {
  const code = (err as NodeJS.ErrnoException).code ?? null;
  const why: Record<string, string> = {
    ENOENT: 'does not exist',
    ELOOP: 'is a loop of symbolic links',
    EACCES: 'cannot be read (permission denied)',
    ENOTDIR: 'is a path through a file, not a folder',
    ENAMETOOLONG: 'is a path too long for the file system',
    EISDIR: 'is a folder, not a file',
  };
  return new UserFileError(file, code && why[code] ? why[code] : `cannot be read (${code ?? String(err)})`, code);
}

function checkOpened(file: string, st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new UserFileError(file, `is ${kindOf(st)}, not a file`, null);
  if (st.size > maxBytes) throw new UserFileError(file, `is ${st.size} bytes, more than the ${maxBytes} read`, null);
}

/** Read `file` as UTF-8 text; throws UserFileError (ENOENT included) with a one-line reason. */
export function readUserFileSync(file: string, maxBytes = MAX_USER_FILE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(file, FLAGS);
  } catch (err) {
    throw fromErrno(file, err);
  }
  try {
    const st = fstatSync(fd);
    checkOpened(file, st, maxBytes);
    // A regular file's stat size can lag (procfs says 0): read in chunks, up to one byte past the limit; one read of
    // the stated size (and the byte that proves the end) is the usual case.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(st.size > 0 ? Math.min(st.size + 1, maxBytes + 1) : 64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new UserFileError(file, `holds more than the ${maxBytes} bytes read`, null);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    throw err instanceof UserFileError ? err : fromErrno(file, err);
  } finally {
    closeSync(fd);
  }
}

/** Read `file` as UTF-8 text, or null when it does not exist; any other problem throws UserFileError. */
export async function readUserFile(file: string, maxBytes = MAX_USER_FILE_BYTES): Promise<string | null> {
  return (await readUserBytes(file, maxBytes))?.toString('utf8') ?? null;
}

/** Read `file`'s bytes, or null when it does not exist; any other problem throws UserFileError. */
export async function readUserBytes(file: string, maxBytes = MAX_USER_FILE_BYTES): Promise<Buffer | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fromErrno(file, err);
  }
  try {
    checkOpened(file, await handle.stat(), maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(1024 * 1024), 0, 1024 * 1024, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new UserFileError(file, `holds more than the ${maxBytes} bytes read`, null);
    }
    return Buffer.concat(chunks);
  } catch (err) {
    throw err instanceof UserFileError ? err : fromErrno(file, err);
  } finally {
    await handle.close();
  }
}
