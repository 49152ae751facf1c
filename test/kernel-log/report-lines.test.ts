import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OomReaped, OomVictim } from '../../src/kernel-log/event.js';
import { matchKilled, matchReaped, matchSelection } from '../../src/kernel-log/kill-lines.js';
import { matchCpuLine, matchOomKillLine, matchPanic, matchTaskIn } from '../../src/kernel-log/report-lines.js';

// These matchers no longer use the regexes below, which a crafted line made quadratic (security
// audit: nested or adjacent quantifiers over the same characters). They must still give exactly what
// those regexes gave, so the regexes stay here as the reference: on short lines they are quick. Two
// rules came after them and are added here as well: `Out of Memory: Killed process N (x).` (2.4 to
// 2.6.1x: the `\.` in KILLED) and `oom_memcg=` making a CONSTRAINT_NONE line memcg (5.0 linux-next).
const OLD = {
  CPU_LINE: /^(?:CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: |Pid: (\d+), comm: )/,
  KERNEL_RELEASE: /(?:tainted|Tainted: [^\d]*?)\s+(\d+\.\d+[^\s#]*)/,
  TASK_IN: /^Task in (.*) killed as a result of limit of (.*?)\s*$/,
  PANIC: /Kernel panic - not syncing: ((?:Out of memory|System is deadlocked on memory).*?)\s*$/,
  SELECT: /(?:^|: )[Kk]ill process (\d+) \((.*)\) score (-?\d+) or (?:sacrifice|a) child/,
  KILLED: /(?:^|: )Killed process (\d+),? (?:UID (\d+), )?\((.*)\)(?:\.|(?: |, UID (\d+), )(total-vm:.*|vsz:.*))?$/,
  KV: /([A-Za-z_-]+):(-?\d+)(kB)?/g,
  REAPED: /^oom_reaper: reaped process (\d+) \((.*)\), now (.*)$/,
};

const old = {
  cpuLine(text: string): { pid: number; kernel?: string } | undefined {
    const m = OLD.CPU_LINE.exec(text);
    if (!m) return undefined;
    const kernel = OLD.KERNEL_RELEASE.exec(text)?.[1];
    return kernel ? { pid: Number(m[1] ?? m[2]), kernel } : { pid: Number(m[1] ?? m[2]) };
  },
  taskIn(text: string): { taskPath: string; path: string } | undefined {
    const m = OLD.TASK_IN.exec(text);
    return m ? { taskPath: m[1] ?? '', path: m[2] ?? '' } : undefined;
  },
  panic(text: string): string | undefined {
    if (!text.startsWith('Kernel panic')) return undefined;
    return OLD.PANIC.exec(text)?.[1];
  },
  oomKillLine(text: string): Record<string, unknown> | undefined {
    if (!text.startsWith('oom-kill:')) return undefined;
    const out: Record<string, unknown> = {};
    const c = /constraint=(\w+)/.exec(text);
    if (c?.[1] === 'CONSTRAINT_NONE') out.constraint = 'global';
    if (c?.[1] === 'CONSTRAINT_MEMCG') out.constraint = 'memcg';
    const cpuset = /,cpuset=(.*?),mems_allowed=/.exec(text);
    if (cpuset?.[1] !== undefined) out.cpuset = cpuset[1];
    const memcg = /,oom_memcg=(.*?),task_memcg=/.exec(text);
    if (memcg?.[1] !== undefined) out.oomMemcg = memcg[1];
    if (memcg?.[1] !== undefined && out.constraint === 'global') out.constraint = 'memcg';
    const taskMemcg = /,task_memcg=(.*?),task=/.exec(text);
    if (taskMemcg?.[1] !== undefined) out.taskMemcg = taskMemcg[1];
    const task = /,task=(.*),pid=(\d+),uid=(\d+)\s*$/.exec(text);
    if (task) {
      out.task = task[1] ?? '';
      out.pid = Number(task[2]);
      out.uid = Number(task[3]);
    }
    return out;
  },
  selection(text: string): { pid: number; name: string; score: number; memcg: boolean } | undefined {
    const m = OLD.SELECT.exec(text);
    if (!m) return undefined;
    return { pid: Number(m[1]), name: m[2] ?? '', score: Number(m[3]), memcg: text.startsWith('Memory cgroup out of memory') };
  },
  killed(text: string): { victim: OomVictim; memcg: boolean; global: boolean } | undefined {
    if (text.indexOf('Killed process ') < 0) return undefined;
    const m = OLD.KILLED.exec(text);
    if (!m) return undefined;
    const victim: OomVictim = { pid: Number(m[1]), name: m[3] ?? '' };
    const uid = m[4] ?? m[2];
    if (uid !== undefined) victim.uid = Number(uid);
    const keys: Record<string, keyof OomVictim> = { 'total-vm': 'totalVmKb', vsz: 'totalVmKb', 'anon-rss': 'anonRssKb', 'file-rss': 'fileRssKb', 'shmem-rss': 'shmemRssKb', UID: 'uid', pgtables: 'pgtablesKb', oom_score_adj: 'oomScoreAdj' };
    for (const kv of (m[5] ?? '').matchAll(OLD.KV)) {
      const key = keys[kv[1] ?? ''];
      if (key) (victim as Record<string, unknown>)[key] = Number(kv[2]);
    }
    return { victim, memcg: text.startsWith('Memory cgroup out of memory'), global: /^Out of [Mm]emory/.test(text) };
  },
  reaped(text: string): OomReaped | undefined {
    const m = OLD.REAPED.exec(text);
    if (!m) return undefined;
    const reaped: OomReaped = { pid: Number(m[1]), name: m[2] ?? '' };
    for (const kv of (m[3] ?? '').matchAll(OLD.KV)) {
      if (kv[1] === 'anon-rss') reaped.anonRssKb = Number(kv[2]);
      else if (kv[1] === 'file-rss') reaped.fileRssKb = Number(kv[2]);
      else if (kv[1] === 'shmem-rss') reaped.shmemRssKb = Number(kv[2]);
    }
    return reaped;
  },
};

/** Random lines built from pieces of the real line, spaces of every kind and line breaks. */
function lines(head: string[], pieces: string[]): fc.Arbitrary<string> {
  const token = fc.constantFrom(...pieces, ' ', '  ', '\t', '\u00a0', '\u2028', '\r', '\n', '\ufeff', 'x', '(', ')', ',', ':', '1', '23', '-', '.');
  return fc.tuple(fc.constantFrom(...head, ''), fc.array(token, { maxLength: 16 })).map(([h, t]) => h + t.join(''));
}

/** Asserts the new matcher agrees with the old on many random lines. */
function agrees<T>(name: string, fresh: (text: string) => T, reference: (text: string) => T, arb: fc.Arbitrary<string>): void {
  it(`gives what the old ${name} gave on random lines`, () => {
    fc.assert(
      fc.property(arb, (text) => {
        expect(fresh(text)).toEqual(reference(text));
      }),
      { numRuns: 4000 },
    );
  });
}

/** Asserts agreement with every UTF-16 code unit put in place of `@` in each template. */
function agreesOnEveryCodeUnit<T>(fresh: (text: string) => T, reference: (text: string) => T, templates: string[]): void {
  it('treats every UTF-16 code unit as the old regex did (spaces, line breaks)', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const t of templates) {
        const text = t.replaceAll('@', ch);
        if (JSON.stringify(fresh(text)) !== JSON.stringify(reference(text))) differ.push(JSON.stringify(text));
      }
    }
    expect(differ).toEqual([]);
  });
}

const SPACES = ' '.repeat(8000);

describe('matchCpuLine (the kernel release)', () => {
  it.each<[string, string, { pid: number; kernel?: string } | undefined]>([
    ['Not tainted', 'CPU: 1 PID: 15299 Comm: python3 Not tainted 6.18.44 #1', { pid: 15299, kernel: '6.18.44' }],
    ['taint flags', 'CPU: 0 UID: 0 PID: 1 Comm: x Tainted: G        W  O      6.1.0-18-amd64 #1 Debian', { pid: 1, kernel: '6.1.0-18-amd64' }],
    ['2.6.32', 'Pid: 10021, comm: test_mem Not tainted 2.6.32-431.el6.i686 #1', { pid: 10021, kernel: '2.6.32-431.el6.i686' }],
    ['two spaces, # glued on', 'CPU: 1 PID: 2 Comm: a Not tainted  6.18.44#1', { pid: 2, kernel: '6.18.44' }],
    ['release ends the line', 'CPU: 1 PID: 2 Comm: a Not tainted 6.1', { pid: 2, kernel: '6.1' }],
    ['tainted in the command name comes first', 'CPU: 0 PID: 1 Comm: tainted 1.2 Not tainted 6.1 #1', { pid: 1, kernel: '1.2' }],
    ['a digit in the flags ends the search', 'CPU: 0 PID: 1 Comm: x Tainted: G 5x W 6.1 #1', { pid: 1 }],
    ['digit right after Tainted:', 'CPU: 0 PID: 1 Comm: x Tainted: 6.1.0 #1', { pid: 1 }],
    ['no dot', 'CPU: 0 PID: 1 Comm: x Not tainted 6 #1', { pid: 1 }],
    ['no release', 'CPU: 0 PID: 1 Comm: x', { pid: 1 }],
    ['not a CPU line', 'Hardware name: QEMU Standard PC, Not tainted 6.1', undefined],
    ['8 KB of spaces after Tainted:', `CPU: 0 PID: 1 Comm: x Tainted: ${SPACES}`, { pid: 1 }],
    ['8 KB of spaces, then the release', `CPU: 0 PID: 1 Comm: x Tainted: ${SPACES}6.1 #1`, { pid: 1, kernel: '6.1' }],
    ['Tainted: a thousand times', `CPU: 0 PID: 1 Comm: x ${'Tainted: '.repeat(900)}`, { pid: 1 }],
    ['Tainted: a thousand times, then the release', `CPU: 0 PID: 1 Comm: x ${'Tainted: '.repeat(900)}6.1`, { pid: 1, kernel: '6.1' }],
    ['not tainted a thousand times, spaced', `CPU: 0 PID: 1 Comm: x ${'tainted  '.repeat(900)}`, { pid: 1 }],
  ])('%s', (_label, text, want) => {
    expect(matchCpuLine(text)).toEqual(want);
  });

  agrees('KERNEL_RELEASE', matchCpuLine, old.cpuLine, lines(['CPU: 0 PID: 1 Comm: ', 'Pid: 5, comm: '], ['tainted', 'Tainted: ', 'Not ', 'G', '6.1', '6.18.44', '#', '#1', '.']));
  agreesOnEveryCodeUnit(matchCpuLine, old.cpuLine, ['CPU: 0 PID: 1 Comm: x Not tainted@6.1 #1', 'CPU: 0 PID: 1 Comm: x Tainted: G@6.1@#1', 'CPU: 0 PID: 1 Comm: x Tainted: @G 6.1']);
});

describe('matchTaskIn', () => {
  it.each<[string, string, { taskPath: string; path: string } | undefined]>([
    ['3.13', 'Task in /mem2 killed as a result of limit of /mem2', { taskPath: '/mem2', path: '/mem2' }],
    ['trailing spaces', 'Task in /a killed as a result of limit of /b  \t ', { taskPath: '/a', path: '/b' }],
    ['paths with spaces and parentheses', 'Task in /a b (c) killed as a result of limit of /d e (f) ', { taskPath: '/a b (c)', path: '/d e (f)' }],
    ['the phrase twice: the last one splits', 'Task in /x killed as a result of limit of /y killed as a result of limit of /z', { taskPath: '/x killed as a result of limit of /y', path: '/z' }],
    ['empty limited path', 'Task in /a killed as a result of limit of ', { taskPath: '/a', path: '' }],
    ['empty victim path', 'Task in  killed as a result of limit of /b', { taskPath: '', path: '/b' }],
    ['the phrase overlaps "Task in "', 'Task in killed as a result of limit of /b', undefined],
    ['no limit', 'Task in /a killed', undefined],
    ['not at the start', 'x Task in /a killed as a result of limit of /b', undefined],
    ['line break in a path', 'Task in /a\u2028b killed as a result of limit of /c', undefined],
    ['line break in the trailing spaces', 'Task in /a killed as a result of limit of /c \r\n', { taskPath: '/a', path: '/c' }],
    ['8 KB of spaces, then a letter', `Task in /a killed as a result of limit of ${SPACES}x`, { taskPath: '/a', path: `${SPACES}x` }],
    ['8 KB of spaces', `Task in /a killed as a result of limit of ${SPACES}`, { taskPath: '/a', path: '' }],
    ['the phrase 250 times', `Task in ${' killed as a result of limit of'.repeat(250)}`, { taskPath: ' killed as a result of limit of'.repeat(248), path: 'killed as a result of limit of' }],
  ])('%s', (_label, text, want) => {
    expect(matchTaskIn(text)).toEqual(want);
  });

  agrees('TASK_IN', matchTaskIn, old.taskIn, lines(['Task in ', 'Task in /a'], [' killed as a result of limit of ', ' killed as a result of limit of', 'Task in ', '/a', 'b c']));
  agreesOnEveryCodeUnit(matchTaskIn, old.taskIn, ['Task in /a killed as a result of limit of /b@', 'Task in /a killed as a result of limit of /b@c', 'Task in /a@ killed as a result of limit of /b']);
});

describe('matchPanic', () => {
  it.each<[string, string, string | undefined]>([
    ['panic_on_oom', 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled', 'Out of memory: system-wide panic_on_oom is enabled'],
    ['deadlocked, trailing spaces', 'Kernel panic - not syncing: System is deadlocked on memory\t \r', 'System is deadlocked on memory'],
    ['no killable processes', 'Kernel panic - not syncing: Out of memory and no killable processes...', 'Out of memory and no killable processes...'],
    ['another panic', 'Kernel panic - not syncing: Fatal exception', undefined],
    ['the second panic of the line is the OOM one', 'Kernel panic - not syncing: Attempted to kill init! Kernel panic - not syncing: Out of memory ', 'Out of memory'],
    ['not at the start', 'x Kernel panic - not syncing: Out of memory', undefined],
    ['line break, then text', 'Kernel panic - not syncing: Out of memory\u2028more', undefined],
    ['line break in the trailing spaces', 'Kernel panic - not syncing: Out of memory \u2028 ', 'Out of memory'],
    ['8 KB of spaces, then a letter', `Kernel panic - not syncing: Out of memory${SPACES}x`, `Out of memory${SPACES}x`],
    ['8 KB of spaces', `Kernel panic - not syncing: Out of memory${SPACES}`, 'Out of memory'],
  ])('%s', (_label, text, want) => {
    expect(matchPanic(text)).toBe(want);
  });

  agrees('PANIC', matchPanic, old.panic, lines(['Kernel panic - not syncing: ', 'Kernel panic'], ['Kernel panic - not syncing: ', 'Out of memory', 'System is deadlocked on memory', 'Out of']));
  agreesOnEveryCodeUnit(matchPanic, old.panic, ['Kernel panic - not syncing: Out of memory@', 'Kernel panic - not syncing: Out of memory@x', 'Kernel panic - not syncing: Out of memory: a@b ']);
});

describe('matchOomKillLine', () => {
  const line = 'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/burstable/pod1,task_memcg=/kubepods/burstable/pod1/abc,task=stress,pid=15299,uid=0';
  it.each<[string, string, Record<string, unknown> | undefined]>([
    ['6.x', line, { constraint: 'memcg', cpuset: '/', oomMemcg: '/kubepods/burstable/pod1', taskMemcg: '/kubepods/burstable/pod1/abc', task: 'stress', pid: 15299, uid: 0 }],
    ['trailing spaces', `${line}  \r`, { constraint: 'memcg', cpuset: '/', oomMemcg: '/kubepods/burstable/pod1', taskMemcg: '/kubepods/burstable/pod1/abc', task: 'stress', pid: 15299, uid: 0 }],
    ['a name holding ,pid=', 'oom-kill:constraint=CONSTRAINT_NONE,task=a,pid=1,b (c),pid=2,uid=3', { constraint: 'global', task: 'a,pid=1,b (c)', pid: 2, uid: 3 }],
    ['paths holding commas', 'oom-kill:constraint=CONSTRAINT_MEMCG,cpuset=a,b,mems_allowed=0,oom_memcg=/a,b,task_memcg=/c,d,task=x y,pid=1,uid=2', { constraint: 'memcg', cpuset: 'a,b', oomMemcg: '/a,b', taskMemcg: '/c,d', task: 'x y', pid: 1, uid: 2 }],
    ['oom_memcg= under CONSTRAINT_NONE (5.0 linux-next): memcg', 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/test1,task_memcg=/test1,task=a.out,pid=9188,uid=0', { constraint: 'memcg', cpuset: '/', oomMemcg: '/test1', taskMemcg: '/test1', task: 'a.out', pid: 9188, uid: 0 }],
    ['global_oom under CONSTRAINT_NONE: global', 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=x,pid=1,uid=0', { constraint: 'global', cpuset: '/', taskMemcg: '/', task: 'x', pid: 1, uid: 0 }],
    ['empty cpuset and name', 'oom-kill:constraint=CONSTRAINT_NONE,cpuset=,mems_allowed=0,task=,pid=1,uid=0', { constraint: 'global', cpuset: '', task: '', pid: 1, uid: 0 }],
    ['no uid', 'oom-kill:constraint=CONSTRAINT_NONE,task=x,pid=1', { constraint: 'global' }],
    ['text after the uid', 'oom-kill:constraint=CONSTRAINT_NONE,task=x,pid=1,uid=2 x', { constraint: 'global' }],
    ['a line break in the name', 'oom-kill:,task=a\rb,pid=1,uid=2', {}],
    ['a line break before the second ,task=', 'oom-kill:,task=a\r,task=b,pid=1,uid=2', { task: 'b', pid: 1, uid: 2 }],
    ['a line break in the first cpuset only', 'oom-kill:,cpuset=a\u2028b,cpuset=c,mems_allowed=0', { cpuset: 'c' }],
    ['not an oom-kill line', 'oom_reaper: reaped process 1 (x)', undefined],
    [',task= a thousand times', `oom-kill:${',task='.repeat(1300)}`, {}],
    [',cpuset= a thousand times', `oom-kill:${',cpuset='.repeat(1000)}`, {}],
    [',cpuset= a thousand times, then the end', `oom-kill:${',cpuset='.repeat(1000)},mems_allowed=0`, { cpuset: ',cpuset='.repeat(999) }],
  ])('%s', (_label, text, want) => {
    expect(matchOomKillLine(text)).toEqual(want);
  });

  agrees(
    'oom-kill patterns',
    matchOomKillLine,
    old.oomKillLine,
    lines(['oom-kill:', 'oom-kill:constraint=CONSTRAINT_NONE'], [',cpuset=', ',mems_allowed=', ',oom_memcg=', ',task_memcg=', ',task=', ',pid=', ',uid=', '/a', '0']),
  );
  agreesOnEveryCodeUnit(matchOomKillLine, old.oomKillLine, ['oom-kill:,cpuset=a@b,mems_allowed=0,task=x@y,pid=1,uid=2@', 'oom-kill:,oom_memcg=a@,task_memcg=b@,task=c,pid=1,uid=2']);
});

describe('matchSelection', () => {
  it.each<[string, string, { pid: number; name: string; score: number; memcg: boolean } | undefined]>([
    ['global', 'Out of memory: Kill process 10020 (test_mem1) score 365 or sacrifice child', { pid: 10020, name: 'test_mem1', score: 365, memcg: false }],
    ['memcg, parentheses in the name', 'Memory cgroup out of memory: Kill process 5 (my app (x)) score 1000 or sacrifice child', { pid: 5, name: 'my app (x)', score: 1000, memcg: true }],
    ['the tail inside the name', 'Kill process 1 (a) score 2 or sacrifice child) score 3 or sacrifice child', { pid: 1, name: 'a) score 2 or sacrifice child', score: 3, memcg: false }],
    ['negative score, text after', 'Out of memory: Kill process 1 (x) score -5 or sacrifice child please', { pid: 1, name: 'x', score: -5, memcg: false }],
    ['empty name', 'Out of memory: Kill process 1 () score 0 or sacrifice child', { pid: 1, name: '', score: 0, memcg: false }],
    ['no score', 'Out of memory: Kill process 1 (x) or sacrifice child', undefined],
    ['no pid', 'Out of memory: Kill process (x) score 1 or sacrifice child', undefined],
    ['not after ": "', 'xKill process 1 (x) score 1 or sacrifice child', undefined],
    ['after a line break, with ": "', 'junk\u2028: Kill process 1 (x) score 2 or sacrifice child', { pid: 1, name: 'x', score: 2, memcg: false }],
    ['after a line break, without ": "', 'junk\u2028Kill process 1 (x) score 2 or sacrifice child', undefined],
    ['a line break in the name', 'Out of memory: Kill process 1 (a\rb) score 2 or sacrifice child', undefined],
    ['a score that ends before the line break', 'Out of memory: Kill process 1 (a) score 2 or sacrifice child\r) score 3 or sacrifice child', { pid: 1, name: 'a', score: 2, memcg: false }],
    ['": Kill process 1 (" 400 times', ': Kill process 1 ('.repeat(400), undefined],
  ])('%s', (_label, text, want) => {
    expect(matchSelection(text)).toEqual(want);
  });

  agrees('SELECT', matchSelection, old.selection, lines(['Out of memory: ', 'Memory cgroup out of memory: ', ''], ['Kill process ', ': Kill process ', ': kill process ', ') score ', ' or sacrifice child', ' or a child', 'score', ' (']));
});

describe('matchKilled', () => {
  it.each<[string, string, { victim: OomVictim; memcg: boolean; global: boolean } | undefined]>([
    [
      '6.x, every size',
      'Out of memory: Killed process 42 (my app) total-vm:1000kB, anon-rss:500kB, file-rss:4kB, shmem-rss:0kB, UID:1000 pgtables:64kB oom_score_adj:-17',
      { victim: { pid: 42, name: 'my app', totalVmKb: 1000, anonRssKb: 500, fileRssKb: 4, shmemRssKb: 0, uid: 1000, pgtablesKb: 64, oomScoreAdj: -17 }, memcg: false, global: true },
    ],
    ['memcg, RHEL 6 UID form, parentheses in the name', 'Memory cgroup out of memory: Killed process 5, UID 1000, (x (y)) total-vm:1kB', { victim: { pid: 5, name: 'x (y)', uid: 1000, totalVmKb: 1 }, memcg: true, global: false }],
    ['RHEL 7 UID form', 'Killed process 5 (x), UID 7, total-vm:1kB, anon-rss:2kB', { victim: { pid: 5, name: 'x', uid: 7, totalVmKb: 1, anonRssKb: 2 }, memcg: false, global: false }],
    ['RHEL 7 UID form, not followed by sizes', 'Killed process 5 (x), UID 7, other', undefined],
    ['vsz', 'Killed process 5 (x) vsz:100kB, anon-rss:1kB, file-rss:2kB', { victim: { pid: 5, name: 'x', totalVmKb: 100, anonRssKb: 1, fileRssKb: 2 }, memcg: false, global: false }],
    ['no sizes', 'Killed process 5 (x)', { victim: { pid: 5, name: 'x' }, memcg: false, global: false }],
    ['2.4 to 2.6.1x: "Out of Memory:", a full stop after the name', 'Out of Memory: Killed process 475 (identd).', { victim: { pid: 475, name: 'identd' }, memcg: false, global: true }],
    ['a full stop after a name that ends in ")."', 'Out of Memory: Killed process 1 (a).).', { victim: { pid: 1, name: 'a).' }, memcg: false, global: true }],
    ['a full stop, then more', 'Killed process 5 (x). more', undefined],
    ['sizes inside the name', 'Killed process 5 (a) total-vm:1kB) total-vm:2kB', { victim: { pid: 5, name: 'a) total-vm:1kB', totalVmKb: 2 }, memcg: false, global: false }],
    ['text after the name', 'Killed process 5 (x) extra', undefined],
    ['kB glued to the next key', 'Killed process 1 (x) total-vm:100kBanon-rss:5kB', { victim: { pid: 1, name: 'x', totalVmKb: 100, anonRssKb: 5 }, memcg: false, global: false }],
    ['a key without a value', 'Killed process 1 (x) total-vm:, anon-rss:-5kB', { victim: { pid: 1, name: 'x', anonRssKb: -5 }, memcg: false, global: false }],
    ['after ": "', 'x: Killed process 1 (a)', { victim: { pid: 1, name: 'a' }, memcg: false, global: false }],
    ['not after ": "', 'xKilled process 1 (a)', undefined],
    ['the last of two, after a line break', 'Killed process 1 (x)\u2028: Killed process 2 (y) total-vm:1kB', { victim: { pid: 2, name: 'y', totalVmKb: 1 }, memcg: false, global: false }],
    ['a line break at the end', 'Killed process 1 (x)\r', undefined],
    ['8 KB of key letters', `Out of memory: Killed process 1 (x) total-vm:${'a'.repeat(8000)}`, { victim: { pid: 1, name: 'x' }, memcg: false, global: true }],
    ['8 KB of key letters, then a value', `Out of memory: Killed process 1 (x) total-vm:1kB, ${'a'.repeat(8000)}-rss:2kB`, { victim: { pid: 1, name: 'x', totalVmKb: 1 }, memcg: false, global: true }],
    ['") total-vm:" 700 times, then a line break', `Killed process 1 (${') total-vm:'.repeat(700)}\u2028x`, undefined],
    ['": Killed process 1 (" 400 times', ': Killed process 1 ('.repeat(400), undefined],
  ])('%s', (_label, text, want) => {
    expect(matchKilled(text)).toEqual(want);
  });

  agrees(
    'KILLED and KV',
    matchKilled,
    old.killed,
    lines(['Out of memory: ', 'Out of Memory: ', 'Memory cgroup out of memory: ', 'Killed process 1 (', ''], ['Killed process ', ': Killed process ', ') total-vm:', ' vsz:', 'UID ', ', (', ')', ').', 'anon-rss:', 'kB', 'vsz', 'UID:', ', ', '), UID 7, ', ' total-vm:']),
  );
  agreesOnEveryCodeUnit(matchKilled, old.killed, ['Killed process 1 (a@b) total-vm:1kB@', 'Killed process 1 (a)@', 'Killed process 1 (a) total-vm:1kB,@anon-rss:2kB']);
});

describe('matchReaped', () => {
  it.each<[string, string, OomReaped | undefined]>([
    ['6.x', 'oom_reaper: reaped process 15299 (python3), now anon-rss:0kB, file-rss:4kB, shmem-rss:8kB', { pid: 15299, name: 'python3', anonRssKb: 0, fileRssKb: 4, shmemRssKb: 8 }],
    ['the separator inside the name', 'oom_reaper: reaped process 1 (a), now b), now anon-rss:1kB', { pid: 1, name: 'a), now b', anonRssKb: 1 }],
    ['nothing after now', 'oom_reaper: reaped process 1 (a b), now ', { pid: 1, name: 'a b' }],
    ['no now', 'oom_reaper: reaped process 1 (a)', undefined],
    ['no pid', 'oom_reaper: reaped process (a), now anon-rss:1kB', undefined],
    ['a line break anywhere', 'oom_reaper: reaped process 1 (a), now anon-rss:1kB\r', undefined],
    ['"), now " 1000 times, then a line break', `oom_reaper: reaped process 1 (${'), now '.repeat(1000)}\rx`, undefined],
    ['8 KB of key letters', `oom_reaper: reaped process 1 (a), now ${'a'.repeat(8000)}`, { pid: 1, name: 'a' }],
  ])('%s', (_label, text, want) => {
    expect(matchReaped(text)).toEqual(want);
  });

  agrees('REAPED and KV', matchReaped, old.reaped, lines(['oom_reaper: reaped process 1 (', 'oom_reaper: reaped process '], ['), now ', 'anon-rss:', 'file-rss:', 'kB', ', ', 'shmem-rss:4kB']));
});
