import { describe, expect, it } from 'vitest';
import { imageStoreFromInfo } from '../../../src/engine/image-store.js';

describe('imageStoreFromInfo', () => {
  it('names the containerd image store by its snapshotter, as GET /info shows it on Docker 28.5', () => {
    expect(imageStoreFromInfo('overlayfs', [['driver-type', 'io.containerd.snapshotter.v1']])).toEqual({
      kind: 'containerd',
      driver: 'overlayfs',
      label: 'containerd snapshotter overlayfs',
    });
  });

  it('names a graph driver, whatever else DriverStatus lists (or when it is null)', () => {
    const status = [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
    ];
    expect(imageStoreFromInfo('overlay2', status).label).toBe('overlay2 graph driver');
    expect(imageStoreFromInfo('vfs', null)).toEqual({ kind: 'graph-driver', driver: 'vfs', label: 'vfs graph driver' });
  });
});
