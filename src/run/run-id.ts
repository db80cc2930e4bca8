/** Run ids: sortable by time, unique enough for two runs started in the same second. */
import { randomBytes } from 'node:crypto';

/** A sortable, unique run id: `20261123T130512Z-3fa2`. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${randomBytes(2).toString('hex')}`;
}
