import { describe, expect, it } from 'vitest';
import { cartesian, matrix, parseShard, shardOf, splitValues } from '../../src/run/matrix.js';

describe('the variant × parameter matrix', () => {
  it('sweeps the cartesian product of every key, in the order given', () => {
    expect(cartesian({ goVersion: ['1.22', '1.23'], ldflags: ['-s', ''] })).toEqual([
      { goVersion: '1.22', ldflags: '-s' },
      { goVersion: '1.22', ldflags: '' },
      { goVersion: '1.23', ldflags: '-s' },
      { goVersion: '1.23', ldflags: '' },
    ]);
    expect(cartesian({})).toEqual([{}]);
  });

  it('keeps a variant’s sweep points together', () => {
    expect(
      matrix(['a', 'b'], { goVersion: ['1.22', '1.23'] }).map((c) => `${c.variant}@${c.params.goVersion}`),
    ).toEqual(['a@1.22', 'a@1.23', 'b@1.22', 'b@1.23']);
  });

  it('splits it into disjoint shards that together are the whole matrix', () => {
    const cells = matrix(['ubuntu', 'golang', 'alpine', 'multistage', 'scratch', 'upx', 'busybox'], {
      goVersion: ['1.22', '1.23'],
    });
    for (const count of [1, 2, 3, 5]) {
      const shards = Array.from({ length: count }, (_, i) => shardOf(cells, { index: i + 1, count }));
      expect(shards.flat()).toHaveLength(cells.length);
      expect(new Set(shards.flat())).toEqual(new Set(cells));
      // Round-robin: sizes differ by one at most.
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardOf(cells, { index: 2, count: 3 })).toEqual(shardOf(cells, { index: 2, count: 3 }));
  });

  it('parses shards and names the fix for bad ones', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/3')).toMatch(/--shard must be i\/n/);
    expect(parseShard('1/0')).toMatch(/--shard must be i\/n/);
  });

  it('splits swept values on commas, keeping escaped ones', () => {
    expect(splitValues('1.22,1.23')).toEqual(['1.22', '1.23']);
    expect(splitValues('-X main.v=a\\,b')).toEqual(['-X main.v=a,b']);
    expect(splitValues('')).toEqual(['']);
  });
});
