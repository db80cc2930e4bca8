import { describe, expect, it } from 'vitest';
import {
  formatBinarySize,
  formatBytesExact,
  formatDockerSize,
  formatGoG,
} from '../../../src/report/format/format-size.js';

describe('formatDockerSize', () => {
  it('prints sizes as the docker images SIZE column does', () => {
    expect(formatDockerSize(11_300_000)).toBe('11.3MB');
    expect(formatDockerSize(636_000_000)).toBe('636MB');
    expect(formatDockerSize(5_000_000)).toBe('5MB');
    expect(formatDockerSize(1_982_259)).toBe('1.98MB');
    expect(formatDockerSize(999)).toBe('999B');
    expect(formatDockerSize(1_234_567_890)).toBe('1.23GB');
  });

  it('uses base 1000 and the lower-case k of go-units', () => {
    expect(formatDockerSize(0)).toBe('0B');
    expect(formatDockerSize(1000)).toBe('1kB');
    expect(formatDockerSize(1024)).toBe('1.02kB');
    expect(formatDockerSize(10_000)).toBe('10kB');
    expect(formatDockerSize(100_000_000)).toBe('100MB');
    expect(formatDockerSize(2_000_000_000_000)).toBe('2TB');
  });

  it('rounds half to even on exact ties, as Go does', () => {
    expect(formatDockerSize(100_500)).toBe('100kB');
    expect(formatDockerSize(101_500)).toBe('102kB');
    expect(formatDockerSize(2_125)).toBe('2.12kB');
    expect(formatDockerSize(2_135)).toBe('2.13kB'); // 2.135 is a hair below the tie in binary
  });

  it('switches to the exponent form where %.3g does', () => {
    expect(formatDockerSize(999_499)).toBe('999kB');
    expect(formatDockerSize(999_500)).toBe('1e+03kB');
    expect(formatDockerSize(999_999_999)).toBe('1e+03MB');
  });
});

describe('formatGoG', () => {
  it('matches Go %g for small, negative and tiny numbers', () => {
    expect(formatGoG(0.5, 3)).toBe('0.5');
    expect(formatGoG(0.000123456, 3)).toBe('0.000123');
    expect(formatGoG(0.0000123456, 3)).toBe('1.23e-05');
    expect(formatGoG(-12.345, 3)).toBe('-12.3');
    expect(formatGoG(123_456, 3)).toBe('1.23e+05');
  });
});

describe('formatBinarySize', () => {
  it('prints memory as docker info does', () => {
    expect(formatBinarySize(8_336_138_240)).toBe('7.764GiB');
    expect(formatBinarySize(2 * 1024 ** 3)).toBe('2GiB');
  });
});

describe('formatBytesExact', () => {
  it('groups thousands', () => {
    expect(formatBytesExact(1_982_259)).toBe('1,982,259 B');
    expect(formatBytesExact(12)).toBe('12 B');
  });
});
