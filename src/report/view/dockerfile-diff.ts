/** The unified diff between one step's Dockerfile and the next. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** One line of a unified diff, classified for colouring. */
export interface DiffLine {
  kind: 'file' | 'hunk' | 'add' | 'del' | 'context' | 'meta';
  text: string;
}

/** A diff as unified text (for a ```diff block) and as classified lines (for HTML). */
export interface DockerfileDiff {
  text: string;
  lines: DiffLine[];
  /** True when the two Dockerfiles are byte-identical. */
  identical: boolean;
}

/** Unified diff of two Dockerfiles, files named `<variant>/Dockerfile`, three lines of context. */
export function dockerfileDiff(beforeName: string, before: string, afterName: string, after: string): DockerfileDiff {
  const text = createTwoFilesPatch(`${beforeName}/Dockerfile`, `${afterName}/Dockerfile`, before, after, '', '', {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  }).replace(/\n$/, '');
  const lines = text.split('\n').map(classify);
  return { text, lines, identical: !lines.some((l) => l.kind === 'hunk') };
}

function classify(text: string): DiffLine {
  if (text.startsWith('--- ') || text.startsWith('+++ ')) return { kind: 'file', text };
  if (text.startsWith('@@')) return { kind: 'hunk', text };
  if (text.startsWith('+')) return { kind: 'add', text };
  if (text.startsWith('-')) return { kind: 'del', text };
  // "\ No newline at end of file" and anything else the format may add.
  if (text.startsWith('\\')) return { kind: 'meta', text };
  return { kind: 'context', text };
}
