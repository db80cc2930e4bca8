import { describe, expect, it } from 'vitest';
import { profileSentence } from '../../../src/report/view/profile-sentence.js';

describe('profileSentence', () => {
  it("says what the profile is and why it was chosen, never the engine's error text", () => {
    const reason =
      '--profile auto: the engine cannot reach Docker Hub ((HTTP code 500) server error - Get "https://index.docker.io/v1/search?q=alpine&n=1": dial tcp: lookup index.docker.io: no such host )';
    expect(profileSentence('local', reason)).toBe(
      'Profile "local": offline bases built from Debian bookworm packages (no registry needed), chosen because the engine could not reach Docker Hub.',
    );
    expect(profileSentence('hub', '--profile auto: the engine reached Docker Hub (image search answered)')).toBe(
      'Profile "hub": today\'s official Docker Hub images, pinned by tag, chosen because the engine reached Docker Hub.',
    );
    expect(profileSentence('seed-2019', 'chosen with --profile')).toMatch(
      /^Profile "seed-2019": .*, chosen with --profile\.$/,
    );
  });
});
