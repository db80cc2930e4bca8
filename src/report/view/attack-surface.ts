/** What an attacker would find in the image: one line per check, each marked good, bad or neutral. */
import type { VariantRecord } from '../../types.js';
import { formatPercent } from '../format/format-cell.js';
import { formatDockerSize } from '../format/format-size.js';

/** How a fact reads for security: `bad` is something an attacker could use. */
export type Tone = 'good' | 'bad' | 'neutral';

/** One check of the attack surface. */
export interface SurfaceFact {
  /** Short name, e.g. `root`, for badges. */
  key: 'root' | 'shell' | 'package manager' | 'executables' | 'setuid' | 'wasted';
  /** What was checked, e.g. `runs as root`. */
  label: string;
  value: string;
  tone: Tone;
}

const SHOWN_FILES = 5;

/** The checks, from the image's anatomy where measured; root is the record's, read from the image's configuration. */
export function attackSurface(record: VariantRecord): SurfaceFact[] {
  const a = record.anatomy;
  const root = record.runsAsRoot;
  const rootFact: SurfaceFact = {
    key: 'root',
    label: 'runs as root',
    value: root === null ? 'unknown' : root ? 'yes' : a?.user ? `no (user ${a.user})` : 'no',
    tone: root === null ? 'neutral' : root ? 'bad' : 'good',
  };
  if (!a) return [rootFact];
  return [
    rootFact,
    presence('shell', 'shell', a.shells),
    presence('package manager', 'package manager', a.packageManagers),
    { key: 'executables', label: 'executable files', value: String(a.executables), tone: 'neutral' },
    {
      key: 'setuid',
      label: 'setuid/setgid files',
      value: a.setuidFiles.length === 0 ? 'none' : `${a.setuidFiles.length}: ${list(a.setuidFiles)}`,
      tone: a.setuidFiles.length === 0 ? 'good' : 'bad',
    },
    {
      key: 'wasted',
      label: 'wasted bytes',
      value:
        a.wastedBytes === 0
          ? `none (efficiency ${formatPercent(a.efficiency)})`
          : `${formatDockerSize(a.wastedBytes)} in all layers, efficiency ${formatPercent(a.efficiency)}; ` +
            `${formatDockerSize(a.userWastedBytes)} from this Dockerfile (${formatPercent(a.userWastedShare)} of the image)`,
      // Waste from base layers is not the Dockerfile author's to fix; a percent of their own is worth a look.
      tone: a.userWastedShare >= 0.01 ? 'bad' : 'neutral',
    },
  ];
}

function presence(key: SurfaceFact['key'], label: string, found: readonly string[]): SurfaceFact {
  return found.length === 0
    ? { key, label, value: 'none', tone: 'good' }
    : { key, label, value: `yes: ${list(found)}`, tone: 'bad' };
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN_FILES).join(', ');
  return items.length > SHOWN_FILES ? `${shown} and ${items.length - SHOWN_FILES} more` : shown;
}
