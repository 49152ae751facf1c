import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/kernel-log/index.js';

// The parser maps names a log prints (Mem-Info counters, task-table columns, an oom-kill line's
// constraint) to fields through tables. A log is untrusted text: a name that is a property of every
// object (`constructor`, `toString`, `__proto__`) must read as unknown, not as Object's own members
// (before, `constructor:5` put a key "function Object() { [native code] }" into memInfo).
const report = (memInfo: string, column: string, constraint: string): string =>
  [
    'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'Mem-Info:',
    memInfo,
    `[ pid ]   uid  tgid total_vm      rss ${column} name`,
    '[  12]     0    12     1     1  9 x',
    `oom-kill:constraint=${constraint},nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=x,pid=12,uid=0`,
    'Killed process 12 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB',
    '',
  ].join('\n');

describe('names a log prints are looked up among the parser own keys only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s', (name) => {
    const [event] = parseKernelLog(report(`active_anon:1 ${name}:5 free:2`, name, name));
    expect(event?.memInfo).toEqual({ activeAnon: 1, free: 2 });
    expect(event?.tasks).toEqual([{ pid: 12, name: 'x', uid: 0, tgid: 12, totalVm: 1, rss: 1 }]);
    expect(Object.keys(event?.tasks?.[0] ?? {})).toEqual(['pid', 'name', 'uid', 'tgid', 'totalVm', 'rss']);
    expect(event?.constraint).toBe('global');
    expect(JSON.stringify(event)).not.toContain('native code');
  });

  it('still reads the known names', () => {
    const [event] = parseKernelLog(report('active_anon:1 free:2', 'oom_score_adj', 'CONSTRAINT_MEMCG'));
    expect(event?.tasks?.[0]?.oomScoreAdj).toBe(9);
    expect(event?.constraint).toBe('memcg');
  });
});
