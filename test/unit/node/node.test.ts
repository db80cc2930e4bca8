import { describe, expect, it } from 'vitest';
import { physicsProblem } from '../../../src/deploy/deploy-sample.js';
import { burstBytes, nothingToClear, tcCommands } from '../../../src/node/link-shaper.js';
import { nodeName, nodeUnavailable } from '../../../src/node/node-engine.js';

describe('the node engine', () => {
  it('is named after the run, in the characters engine.sh accepts', () => {
    expect(nodeName('20261129T160536Z-04a1')).toBe('node-20261129t160536z-04a1');
  });

  it('says why none can be started without Linux or root', () => {
    expect(nodeUnavailable('linux', 0)).toBeNull();
    expect(nodeUnavailable('darwin', 0)).toBe('darwin, not Linux: no network namespaces');
    expect(nodeUnavailable('linux', 1000)).toBe('not root');
  });
});

describe('the link shaper', () => {
  it('limits only the registry port with an htb class, its bucket at least two loopback packets deep', () => {
    expect(burstBytes(100e6)).toBe(131_072);
    expect(burstBytes(1e9)).toBe(500_000);
    expect(tcCommands(100e6, 5000)).toEqual([
      ['qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb'],
      [
        'class',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'classid',
        '1:3',
        'htb',
        'rate',
        '100000000bit',
        'ceil',
        '100000000bit',
        'burst',
        '131072',
        'cburst',
        '131072',
        'quantum',
        '65536',
      ],
      [
        'filter',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'protocol',
        'ip',
        'prio',
        '1',
        'u32',
        'match',
        'ip',
        'sport',
        '5000',
        '0xffff',
        'flowid',
        '1:3',
      ],
    ]);
    expect(tcCommands(null, 5000)).toEqual([['qdisc', 'del', 'dev', 'lo', 'root']]);
    expect(() => tcCommands(0, 5000)).toThrow('link: speed must be a positive bits/s, got 0');
  });

  it('ignores only the answer that there was no limit to lift', () => {
    const failed = (stderr: string) => new Error(`tc qdisc del dev lo root in imagediet-node-x: ${stderr}`);
    expect(nothingToClear(failed('Error: Cannot delete qdisc with handle of zero.'))).toBe(true);
    expect(nothingToClear(failed('RTNETLINK answers: No such file or directory'))).toBe(true);
    expect(nothingToClear(failed('nsenter: cannot open /run/netns/imagediet-node-x: No such file or directory'))).toBe(
      false,
    );
    expect(nothingToClear(failed('RTNETLINK answers: Operation not permitted'))).toBe(false);
  });

  it('fails a link sample faster than its bytes can cross the link', () => {
    // 2 MB at 100 Mbit/s is 160 ms; 95% of it is 152 ms.
    expect(physicsProblem([160, 152], 2_000_000, 100e6)).toBeNull();
    expect(physicsProblem([160, 151], 2_000_000, 100e6)).toBe(
      'a pull took 151 ms, faster than 2000000 bytes can cross a 100 Mbit/s link (160 ms): the link limit did not hold',
    );
    expect(physicsProblem([], 2_000_000, 100e6)).toBeNull();
  });
});
