/**
 * The few file contents the anatomy keeps as a layer streams past: the package databases and os-release as text,
 * and the build information of each Go executable. Everything else is only hashed. What is kept is bounded, so an
 * image of any size is still read in one pass without holding its files.
 */
import type { Header } from 'tar-stream';
import { ELF_MAGIC } from './elf-image.js';
import { BUILD_INFO_MAGIC, type GoBuildInfo, readGoBuildInfo } from './go-build-info.js';

/** What the anatomy kept of one file's content. */
export type Captured =
  | { kind: 'text'; text: string }
  | { kind: 'go'; info: GoBuildInfo }
  /** The file is of a kind worth reading but could not be: why, in words. */
  | { kind: 'unread'; reason: string };

/** Files read as text: dpkg's status database, apk's installed database (either side of usrmerge), os-release. */
const TEXT_FILES = new Set([
  '/var/lib/dpkg/status',
  '/lib/apk/db/installed',
  '/usr/lib/apk/db/installed',
  '/etc/os-release',
  '/usr/lib/os-release',
]);
/** distroless keeps one status file per package here instead of /var/lib/dpkg/status. */
export const DPKG_STATUS_DIR = '/var/lib/dpkg/status.d/';

/** Bound on a database kept as text, bytes: a full desktop's dpkg status is about 10 MB. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;
/** Bound on an executable held to read its build information, bytes: dockerd is about 80 MB. */
export const MAX_ELF_BYTES = 128 * 1024 * 1024;

/** Collects one file's content chunk by chunk and says at its end what was kept. */
export interface CaptureSink {
  push(chunk: Buffer): void;
  end(): Captured | null;
}

/** A sink for the file at `path` (normalised, absolute) when its content is worth keeping, else null. */
export function captureFor(path: string, header: Pick<Header, 'size' | 'mode'>): CaptureSink | null {
  const size = header.size ?? 0;
  if (TEXT_FILES.has(path) || (path.startsWith(DPKG_STATUS_DIR) && !path.slice(DPKG_STATUS_DIR.length).includes('/')))
    return textSink(path, size);
  if (((header.mode ?? 0) & 0o111) !== 0 && size >= 64) return elfSink(path, size);
  return null;
}

function textSink(path: string, size: number): CaptureSink {
  const chunks: Buffer[] = [];
  const over = size > MAX_TEXT_BYTES;
  return {
    push: (chunk) => void (over || chunks.push(chunk)),
    end: () =>
      over
        ? { kind: 'unread', reason: `${path}: ${size} bytes, over the ${MAX_TEXT_BYTES}-byte bound for a database` }
        : { kind: 'text', text: Buffer.concat(chunks).toString('utf8') },
  };
}

/**
 * An executable is held while it streams only if it starts as ELF and fits the bound; the Go magic is looked for in
 * every chunk (and across chunk boundaries), so only files that hold it are parsed.
 */
function elfSink(path: string, size: number): CaptureSink {
  const chunks: Buffer[] = [];
  let head = Buffer.alloc(0);
  let elf: boolean | null = null;
  let magic = false;
  let tail = Buffer.alloc(0);
  const keep = size <= MAX_ELF_BYTES;
  return {
    push(chunk) {
      if (elf === false) return;
      if (elf === null) {
        head = Buffer.concat([head, chunk]);
        if (head.length < ELF_MAGIC.length) return;
        elf = head.subarray(0, ELF_MAGIC.length).equals(ELF_MAGIC);
        if (!elf) return;
        chunk = head;
      }
      if (!magic) {
        // The chunk itself, then the seam with the previous one: no copy of the chunk.
        const seam = Buffer.concat([tail, chunk.subarray(0, BUILD_INFO_MAGIC.length - 1)]);
        magic = chunk.includes(BUILD_INFO_MAGIC) || seam.includes(BUILD_INFO_MAGIC);
        const keepTail = BUILD_INFO_MAGIC.length - 1;
        tail = Buffer.from(
          chunk.length >= keepTail
            ? chunk.subarray(chunk.length - keepTail)
            : Buffer.concat([tail, chunk]).subarray(-keepTail),
        );
      }
      if (keep) chunks.push(chunk);
    },
    end() {
      if (!elf || !magic) return null;
      if (!keep)
        return {
          kind: 'unread',
          reason: `${path}: Go build information not read: ${size} bytes, over the ${MAX_ELF_BYTES}-byte bound`,
        };
      const info = readGoBuildInfo(Buffer.concat(chunks));
      return info ? { kind: 'go', info } : null;
    },
  };
}
