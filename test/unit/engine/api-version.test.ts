import { describe, expect, it } from 'vitest';
import { chooseApiVersion, compareApi, HARNESS_MAX_API } from '../../../src/engine/api-version.js';

describe('API version negotiation', () => {
  it('pins the daemon’s newest version when the harness knows it (20.10, 28.5)', () => {
    expect(chooseApiVersion({ ApiVersion: '1.41', MinAPIVersion: '1.12' }).pinned).toBe('1.41');
    expect(chooseApiVersion({ ApiVersion: '1.51', MinAPIVersion: '1.24' }).pinned).toBe('1.51');
  });

  it('pins the harness’s newest version on a newer daemon, which 29.0–29.2 accept (they refuse below 1.44)', () => {
    const c = chooseApiVersion({ ApiVersion: '1.53', MinAPIVersion: '1.44' });
    expect(c).toEqual({ pinned: HARNESS_MAX_API, daemonMax: '1.53', daemonMin: '1.44' });
    expect(compareApi(c.pinned, '1.44')).toBeGreaterThanOrEqual(0);
  });

  it('compares versions numerically, not as text', () => {
    expect(compareApi('1.9', '1.41')).toBeLessThan(0);
    expect(compareApi('1.52', '1.52')).toBe(0);
  });

  it('refuses a daemon whose oldest accepted version is newer than the harness’s newest, naming both', () => {
    expect(() => chooseApiVersion({ ApiVersion: '1.70', MinAPIVersion: '1.60' })).toThrow(
      /accepts API 1\.60 to 1\.70, and the harness speaks up to 1\.52/,
    );
  });

  it('refuses an engine older than Docker 20.10, and a /version without ApiVersion', () => {
    expect(() => chooseApiVersion({ ApiVersion: '1.40', MinAPIVersion: '1.12' })).toThrow(/older than the oldest/);
    expect(() => chooseApiVersion({ ApiVersion: '' })).toThrow(/no usable ApiVersion/);
  });
});
