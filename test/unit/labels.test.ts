import { describe, expect, it } from 'vitest';
import { containerLabels, imageLabels, ownsImage } from '../../src/engine/labels.js';

describe('ownership', () => {
  const labels = imageLabels('r1', 'final', 'imagediet/scratch:local', {
    'imagediet.variant': 'scratch',
    'imagediet.profile': 'local',
  });

  it('owns an image still tagged as it was built', () => {
    expect(ownsImage({ tags: ['imagediet/scratch:local'], labels })).toBe(true);
  });

  it('does not own a user image built FROM ours, though it inherits every label', () => {
    expect(ownsImage({ tags: ['me/app:1'], labels })).toBe(false);
    expect(ownsImage({ tags: [], labels })).toBe(false);
  });

  it('marks containers with a label no image carries', () => {
    expect(containerLabels('r1')['imagediet.container']).toBe('r1');
    expect(labels['imagediet.container']).toBeUndefined();
  });
});
