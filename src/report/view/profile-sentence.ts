/** The run's profile as one sentence a reader understands: what its bases are and why it was chosen. */
import { findProfile } from '../../profiles/index.js';

/**
 * `Profile "local": offline bases built from Debian bookworm packages (no registry needed), chosen because the engine
 * could not reach Docker Hub.` The run records the engine's own error in its reason (results.json keeps it); a page
 * says what it means instead.
 */
export function profileSentence(profile: string, reason: string): string {
  const description = findProfile(profile)?.description;
  const why = profileWhy(reason);
  const sep = why.startsWith('chosen') ? ', ' : '; ';
  return `Profile "${profile}"${description ? `: ${description}` : ''}${why ? `${sep}${why}` : ''}.`;
}

function profileWhy(reason: string): string {
  const text = reason.replace(/\s+/g, ' ').trim();
  const auto = /^--profile auto:\s*(.*)$/.exec(text);
  // The reason ends with the engine's error in brackets when the search failed: (HTTP code 500) server error - Get …
  const plain = (auto?.[1] ?? text).replace(/\s*\(.*\)\s*$/, '').replace(/[.;]$/, '');
  if (auto && /cannot reach Docker Hub/.test(plain)) return 'chosen because the engine could not reach Docker Hub';
  if (auto && /reached Docker Hub/.test(plain)) return 'chosen because the engine reached Docker Hub';
  if (auto) return `chosen by --profile auto: ${plain}`;
  return plain;
}
