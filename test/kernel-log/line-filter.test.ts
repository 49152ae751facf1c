import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fixture, fixtureNames } from './fixtures.js';

// The line filter (src/kernel-log/line-filter.ts) lets the parser skip report lines no matcher
// takes. It must never skip one a matcher would take: a second copy of the parser whose filter lets
// every line through must give the same events on any input.

const filtered = await import('../../src/kernel-log/index.js');
vi.resetModules();
vi.doMock('../../src/kernel-log/line-filter.js', () => ({
  TokenScanner: class {
    reset(): void {}
    has(): boolean {
      return true;
    }
    nextFrom(_src: string, from: number): number {
      return from; // every line a candidate: the whole-text parser visits them all
    }
  },
  hasToken: () => true,
  mayMatterByShape: () => true,
}));
const everyLine = await import('../../src/kernel-log/index.js');
const mocked = await import('../../src/kernel-log/line-filter.js');

function same(text: string): void {
  expect(filtered.parseKernelLog(text)).toEqual(everyLine.parseKernelLog(text));
  const a = new filtered.KernelLogParser();
  const b = new everyLine.KernelLogParser();
  const viaA = [...a.pushChunk(text), ...a.flush()];
  const viaB = [...b.pushChunk(text), ...b.flush()];
  expect(viaA).toEqual(viaB);
}

const lines = fixtureNames().flatMap((n) => fixture(n).split('\n'));
// Pieces of every line shape a matcher looks for, to be glued into lines the fixtures do not have.
const pieces = [
  'invoked oom-killer: ', 'gfp_mask=0xcc0, order=0', 'Kill', 'kill process 1 (x) score 1 or a child', 'Killed process 1 (x) total-vm:1kB', 'oom-kill:', ',task=x,pid=1,uid=0',
  'oom_reaper: reaped process 1 (x), now anon-rss:0kB', 'Kernel panic - not syncing: Out of memory', 'Task in /a killed as a result of limit of /a', 'Tasks state', 'Tasks in /a are going to be killed due to memory.oom.group set',
  'Mem-Info:', 'memory: usage 1kB, limit 1kB, failcnt 0', 'memory+swap: usage 1kB, limit 2kB, failcnt 0', 'swap: usage 1kB, limit 1kB, failcnt 0', 'kmem: usage 1kB, limit 1kB, failcnt 0',
  'CPU: 0 PID: 1 Comm: x Not tainted 6.1 #1', 'Pid: 1, comm: x Not tainted 2.6.32', 'Node 0 DMA per-cpu:', 'x cpuset=/ mems_allowed=0', 'active_anon:1 inactive_anon:2', ' free:1 slab:1',
  'Node 0 DMA free:1kB min:1kB low:1kB high:1kB', 'Node 0 DMA: 1*4kB = 4kB', 'Free swap  = 0kB', 'Total swap = 0kB', '1 pages RAM', '[ pid ]   uid  tgid total_vm      rss name', '[  12]     0    12     1     1 x',
  ' dump_stack+0x1/0x2', 'Call Trace:', 'x', ' ', ':', 'oom', 'Task', '[', ']',
];
const made = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
const wrap = fc.constantFrom(
  (l: string) => l,
  (l: string) => `[ 1.000000] ${l}`,
  (l: string) => `kern  :warn  : [ 1.000000] ${l}`,
  (l: string) => `Nov 28 12:42:22 host kernel: ${l}`,
  (l: string) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: 't' }),
);

describe('the report line filter skips no line a matcher takes', () => {
  it('compares against a parser that reads every line', () => {
    expect(mocked.hasToken('', 0, 0)).toBe(true);
  });

  it.each(fixtureNames())('%s', (name) => {
    same(fixture(name));
  });

  it('on shuffled real lines and made-up report lines, in every wrapper', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...lines), made), wrap), { maxLength: 120 }), (parts) => {
        same(parts.map(([l, w]) => w(l)).join('\n'));
      }),
      { numRuns: 400 },
    );
  });
});
