import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/report/json.js';
import { timedRun } from './fixture.js';

describe('renderJson', () => {
  it('round-trips the run, indented by 2 and ending with a newline', () => {
    const run = timedRun();
    const text = renderJson(run);
    expect(JSON.parse(text)).toEqual(run);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "runId": "r-20250301-1004",');
  });
});
