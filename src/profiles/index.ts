/** The built-in profiles, by id. */
import { hubProfile } from './hub.js';
import { localProfile } from './local.js';
import type { ProfileDefinition } from './profile.js';
import { seed2019Profile } from './seed-2019.js';

export const PROFILES: readonly ProfileDefinition[] = [hubProfile, seed2019Profile, localProfile];
export const PROFILE_IDS = PROFILES.map((p) => p.id);

/** The definition for `id`, or undefined. */
export function findProfile(id: string): ProfileDefinition | undefined {
  return PROFILES.find((p) => p.id === id);
}

export type { Profile, ProfileDefinition, Role, RoleImage } from './profile.js';
export { ROLES } from './profile.js';
