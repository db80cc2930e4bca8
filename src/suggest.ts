/** `did you mean "x"?` for a misspelled name: kept apart so that parsing a command line loads nothing else. */
import { closest } from 'fastest-levenshtein';

/** `; did you mean "x"?` naming the closest known name, or '' when none is known. */
export function suggest(name: string, known: readonly string[]): string {
  return known.length ? `; did you mean "${closest(name, [...known])}"?` : '';
}
