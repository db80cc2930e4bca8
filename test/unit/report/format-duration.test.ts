import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/report/format/format-duration.js';

describe('formatMs', () => {
  it('keeps milliseconds under a second and three significant digits above', () => {
    expect(formatMs(812.4)).toBe('812 ms');
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(4.126)).toBe('4.13 ms');
    expect(formatMs(41.23)).toBe('41.2 ms');
    expect(formatMs(99.96)).toBe('100 ms');
    expect(formatMs(999.6)).toBe('1.00 s');
    expect(formatMs(1_234)).toBe('1.23 s');
    expect(formatMs(12_400)).toBe('12.4 s');
    expect(formatMs(123_456)).toBe('123 s');
  });
});
