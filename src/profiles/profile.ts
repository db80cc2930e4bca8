/** Profiles map each variant role to a real image reference, plus the values templates use. */

/** The image roles a variant template can name as `{{images.<role>}}`. */
export const ROLES = [
  'fullDistro',
  'goOfficial',
  'smallDistro',
  'goSmall',
  'smallRuntime',
  'upx',
  'fullDebian',
  'busybox',
  'distrolessStatic',
  'glibcRuntime',
] as const;
export type Role = (typeof ROLES)[number];

/** One role's image: what it really is, and what it stands in for when it is a substitute. */
export interface RoleImage {
  ref: string;
  /** The image this one replaces (e.g. `alpine:3.21` for a Debian slim base), or null when it is the real thing. */
  standsFor: string | null;
  /** Offline base id (src/bases) that produces `ref`, for the `local` profile. */
  localBase?: string;
}

export interface Profile {
  id: string;
  description: string;
  /** Go version the profile's Go images carry (a sweepable template value). */
  goVersion: string;
  /** Every role's image; a role listed in `unavailable` names the image it would be, for the record only. */
  images: Record<Role, RoleImage>;
  /** Other template values (install commands, flags). Every value is one line. */
  values: Record<string, string>;
  /**
   * Template names this profile cannot provide (`images.<role>` or a value name), each with the reason. A variant
   * whose templates use one is reported `skipped` with that reason instead of being built.
   */
  unavailable: Record<string, string>;
}

/** A profile's definition: a function of the sweepable parameters, so `--param goVersion=…` yields real refs. */
export interface ProfileDefinition {
  id: string;
  description: string;
  defaultGoVersion: string;
  /** Go versions this profile can provide; null when any tag may exist upstream. */
  goVersions: readonly string[] | null;
  make(goVersion: string): Profile;
}
