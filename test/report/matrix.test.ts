import { describe, expect, it } from 'vitest';
import { formatKilled, formatMatrixTable, matrixCells, matrixRows } from '../../src/report/matrix.js';
import type { RunResult } from '../../src/result/types.js';
import { resultFixture } from '../helpers/results.js';

const fixture = resultFixture;

describe('matrixRows', () => {
  const oom = fixture('touched-oom.json');
  const swap = fixture('contention-two.json');

  it('reduces each run to first OOM, peak swap, major faults, victims and runtime', () => {
    const rows = matrixRows([oom, swap], ['0', '60']);
    expect(rows).toEqual([
      { value: '0', scenario: 'touched-oom', firstOomMs: 459, peakSwapBytes: 0, majorFaults: 0, killed: ['test_mem2'], runtimeMs: 602, verdict: 'pass' },
      { value: '60', scenario: 'contention-two', firstOomMs: null, peakSwapBytes: 174845952, majorFaults: 0, killed: [], runtimeMs: 10252, verdict: 'pass' },
    ]);
  });

  it('takes the earliest kill, sums faults, and names a victim that was not ours by name and pid', () => {
    const r: RunResult = structuredClone(oom);
    r.participants.push({ ...r.participants[0]!, name: 'b', majorFaults: 7, peakSwapBytes: 5 });
    r.participants[0]!.majorFaults = 3;
    r.oomEvents = [
      { ...r.oomEvents[0]!, atMs: 900, participant: 'b' },
      { ...r.oomEvents[0]!, atMs: 300, participant: undefined, victimName: 'java', victimPid: 12 },
    ];
    const [row] = matrixRows([r], ['100']);
    expect(row).toMatchObject({ firstOomMs: 300, majorFaults: 10, peakSwapBytes: 5, killed: ['b', 'java (pid 12)'] });
  });

  it('formats a terminal table with counted victims and no control characters', () => {
    expect(formatKilled([])).toBe('nobody');
    expect(formatKilled(['a', 'b', 'a'])).toBe('a x2, b');
    const r: RunResult = structuredClone(oom);
    r.oomEvents[0]!.participant = 'evil\x1b]0;pwned\x07name';
    const rows = matrixRows([r, swap], ['0', '60']);
    expect(matrixCells('swappiness', rows)[1]).toEqual(['0', '0.46s', '0 B', '0', 'evil\x1b]0;pwned\x07name', '0.60s', 'pass']);
    const text = formatMatrixTable('swappiness', rows);
    expect(text.split('\n')).toEqual([
      'swappiness  first OOM  peak swap  major faults  killed    runtime  verdict',
      '0           0.46s      0 B        0             evilname  0.60s    pass',
      '60          -          167 MiB    0             nobody    10.25s   pass',
    ]);
  });
});
