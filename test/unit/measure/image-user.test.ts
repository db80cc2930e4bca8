import { describe, expect, it } from 'vitest';
import { isRootUser, runsAsRoot } from '../../../src/measure/image-user.js';
import { FakeEngine } from '../../support/fake-engine.js';

describe('isRootUser', () => {
  it('reads an empty user, root, uid 0 and 0:group as root, and a named or numeric other user as not', () => {
    expect(['', 'root', '0', '0:0', 'root:staff'].map(isRootUser)).toEqual([true, true, true, true, true]);
    expect(['65534', '65534:65534', 'nonroot', 'app:0'].map(isRootUser)).toEqual([false, false, false, false]);
  });
});

describe('runsAsRoot', () => {
  it('says the reason when the image is missing rather than guessing', async () => {
    const engine = new FakeEngine();
    await expect(runsAsRoot(engine, 'nope:1', AbortSignal.timeout(5_000))).rejects.toThrow(
      'user: image nope:1 is missing after its build',
    );
    await engine.close();
  });
});
