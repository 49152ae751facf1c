import { describe, expect, it } from 'vitest';
import { KernelLogParser, parseKernelLog, parseKernelLogStream, type OomEvent } from '../../src/kernel-log/index.js';

// Cases of the incremental parser that no real fixture shows, each built from the kernel's own lines
// (the shapes of test/fixtures/kernel-logs), found in review on 2026-12-05.

const log = (...lines: string[]): OomEvent[] => parseKernelLog(`${lines.join('\n')}\n`);
const trigger = (name: string, t = '5.000000'): string => `[ ${t}] ${name} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`;
const kill = (pid: number, name = 'node', t = '5.000000'): string =>
  `[ ${t}] Memory cgroup out of memory: Killed process ${pid} (${name}) total-vm:100kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0`;
const group = (path: string, t = '5.000000'): string => `[ ${t}] Tasks in ${path} are going to be killed due to memory.oom.group set`;

describe('memory.oom.group repeats', () => {
  it('the chosen victim named again in the group pass is a repeat; the members are not', () => {
    const events = log(trigger('node'), kill(100), group('/a'), kill(101), kill(100), kill(102));
    expect(events.map((e) => [e.victim?.pid, e.oomGroup ?? false, e.repeat ?? false])).toEqual([
      [100, false, false],
      [101, true, false],
      [100, true, true],
      [102, true, false],
    ]);
  });

  it('a later group pass starts afresh: a pid of an earlier one is no repeat there', () => {
    const events = log(kill(100, 'node', '1.000000'), group('/a', '1.000000'), kill(100, 'node', '1.000000'), kill(200, 'db', '900.000000'), group('/b', '900.000000'), kill(100, 'node', '900.000000'));
    expect(events.map((e) => [e.victim?.pid, e.repeat ?? false])).toEqual([
      [100, false],
      [100, true],
      [200, false],
      [100, false],
    ]);
  });

  it('a group line before its own report has a kill remembers no pid of the report before', () => {
    const events = log(trigger('node'), kill(100), trigger('node', '9.000000'), group('/b', '9.000000'), kill(100, 'node', '9.000000'));
    expect(events.map((e) => [e.victim?.pid, e.repeat ?? false])).toEqual([
      [100, false],
      [100, false],
    ]);
  });

  it("the reaper's line and a panic after a repeat belong to the kill itself", () => {
    const reaper = '[ 5.100000] oom_reaper: reaped process 100 (node), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB';
    const events = log(trigger('node'), kill(100), group('/a'), kill(101), kill(100), reaper);
    expect(events[0]?.reaped).toEqual({ pid: 100, name: 'node', anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
    expect(events[2]?.repeat).toBe(true);
    expect(events[2]?.reaped).toBeUndefined();
    const panicked = log(trigger('node'), kill(100), group('/a'), kill(100), '[ 5.200000] Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled');
    expect(panicked.map((e) => e.panic ?? false)).toEqual([true, false]);
  });
});

describe('selection lines', () => {
  it("a second selection inside one report (2.6.2x-3.x retry the kill when the chosen task has no mm) is that report's", () => {
    const events = log(
      '[ 5.000000] java invoked oom-killer: gfp_mask=0x201da, order=0, oomkilladj=0',
      '[ 5.000000] Mem-Info:',
      '[ 5.000000] Out of memory: kill process 100 (java) score 500 or a child',
      '[ 5.000000] Out of memory: kill process 200 (db) score 400 or a child',
      '[ 5.000000] Killed process 200 (db) vsz:1000kB, anon-rss:10kB, file-rss:0kB',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.trigger?.name).toBe('java');
    expect(events[0]?.memInfo).toBeDefined();
    expect(events[0]?.victim).toMatchObject({ pid: 200, name: 'db' });
  });
});

describe("rsyslog's #012", () => {
  it('splits only the Mem-Info summary: a process named with #012 keeps its kill', () => {
    const events = log(
      '[ 5.000000] a#012b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '[ 5.000000] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=a#012b,pid=5,uid=0',
      '[ 5.000000] Out of memory: Killed process 5 (a#012b) total-vm:100kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.trigger?.name).toBe('a#012b');
    expect(events[0]?.victim).toMatchObject({ pid: 5, name: 'a#012b', anonRssKb: 1 });
  });
});

describe('dmesg -H (reltime): a delta line takes the minute of the last `[Dec 5 19:42]` line before it', () => {
  const rel = (line: string, delta = '+0.000012'): string => line.replace(/^\[ [\d.]+\] /, `[  ${delta}] `);
  const noise = (n: number): string[] => Array.from({ length: n }, (_, i) => `[  +0.00${String(i % 10)}000] usb 1-1: new high-speed USB device number ${i}`);
  const text = [
    `[Dec 5 19:42] ${trigger('a').replace(/^\[ [\d.]+\] /, '')}`,
    rel(kill(100, 'a')),
    ...noise(50),
    '[Dec 5 19:43] usb 1-1: USB disconnect, device number 3',
    ...noise(50),
    rel(trigger('b')),
    rel(kill(200, 'b')),
  ].join('\n');
  async function viaStream(t: string): Promise<OomEvent[]> {
    const out: OomEvent[] = [];
    async function* chunks(): AsyncGenerator<string> {
      yield t.slice(0, 700);
      yield t.slice(700);
    }
    for await (const e of parseKernelLogStream(chunks())) out.push(e);
    return out;
  }
  it('when the header is among lines the whole-text parser jumps over, as when every line is read', async () => {
    const whole = parseKernelLog(text);
    expect(whole.map((e) => [e.victim?.pid, e.trigger?.name, e.time])).toEqual([
      [100, 'a', { wall: 'Dec 5 19:42' }],
      [200, 'b', { wall: 'Dec 5 19:43' }],
    ]);
    expect(await viaStream(text)).toEqual(whole);
  });
  it('without a header in the lines jumped over, the minute before them holds', async () => {
    const without = text.replace('[Dec 5 19:43] usb', '[  +1.000000] usb');
    const whole = parseKernelLog(without);
    expect(whole.map((e) => e.time)).toEqual([{ wall: 'Dec 5 19:42' }, { wall: 'Dec 5 19:42' }]);
    expect(await viaStream(without)).toEqual(whole);
  });
  it('lines of no -H shape after a jump (an anchor without a bracket) keep the jumped-over header for the next delta line', async () => {
    const t = ['[Dec 5 19:40] usb 1-1: new device', '[Dec 5 19:46] usb 1-1: reset', '[  +0.000010] usb 1-1: more', 'note: oom report follows', '[  +0.000010] usb 1-1: more', rel(trigger('d')), rel(kill(400, 'd'))].join('\n');
    const whole = parseKernelLog(t);
    expect(whole.map((e) => [e.victim?.pid, e.time])).toEqual([[400, { wall: 'Dec 5 19:46' }]]);
    expect(await viaStream(t)).toEqual(whole);
  });
  it('a caller id after any of dmesg\'s brackets is stripped (dmesg 2.40 prints it after whichever time it was asked for)', () => {
    const withId = (line: string): string => line.replace(/^(\[[^\]]*\] )/, '$1[  T30831] ');
    const events = log(withId(`[Dec 5 19:46] ${trigger('e').replace(/^\[ [\d.]+\] /, '')}`), withId(rel('[ 5.000000] memory: usage 65536kB, limit 65536kB, failcnt 0')), withId(rel(kill(500, 'e'), '-0.000003')));
    expect(events.map((e) => [e.trigger?.name, e.constraint, e.memcg?.limitKb, e.victim?.pid, e.time])).toEqual([['e', 'memcg', 65536, 500, { wall: 'Dec 5 19:46' }]]);
  });
  it('a delta line keeps a container runtime\'s time when no minute is known, and takes the minute over it once one is', () => {
    const cri = (line: string): string => `2026-12-05T19:46:01.000000000Z stdout F ${line}`;
    expect(log(cri(rel(trigger('f'))), cri(rel(kill(600, 'f')))).map((e) => e.time)).toEqual([{ wall: '2026-12-05T19:46:01.000000000Z' }]);
    expect(log(cri('[Dec 5 19:46] usb 1-1: reset'), cri(rel(trigger('f'))), cri(rel(kill(600, 'f')))).map((e) => e.time)).toEqual([{ wall: 'Dec 5 19:46' }]);
  });
  it('a header in another locale (util-linux translates `%b%e %H:%M`: `12月 5 19:46`) is a minute too', () => {
    for (const header of ['[12月 5 19:46]', '[12月15 19:46]', '[5. Dez 19:46]']) {
      const events = log(`${header} usb 1-1: reset`, rel(trigger('h')), rel(kill(800, 'h')));
      expect(events.map((e) => [e.trigger?.name, e.victim?.pid, e.time])).toEqual([['h', 800, { wall: header.slice(1, -1) }]]);
    }
  });
  it('a parser that is flushed forgets the minute', () => {
    const parser = new KernelLogParser();
    parser.pushChunk('[Dec 5 19:46] usb 1-1: reset\n');
    parser.flush();
    const events = [...parser.pushChunk(`${rel(trigger('g'))}\n${rel(kill(700, 'g'))}\n`), ...parser.flush()];
    expect(events.map((e) => [e.victim?.pid, e.time])).toEqual([[700, undefined]]);
  });
  it('a delta line with no header before it has no time; the text after the bracket is read', () => {
    const events = log(rel(trigger('c')), rel(kill(300, 'c'), '+12.345678'));
    expect(events.map((e) => [e.victim?.pid, e.trigger?.name, e.time])).toEqual([[300, 'c', undefined]]);
  });
});

describe('journalctl -o json: only the kernel entries are kernel text', () => {
  const entry = (fields: Record<string, unknown>): string => JSON.stringify({ __CURSOR: 's=1', __REALTIME_TIMESTAMP: '1796500469253260', ...fields });
  it('a program that logs a kill-shaped line is not a kill; the kernel entry is', () => {
    const events = log(
      entry({ _TRANSPORT: 'stdout', SYSLOG_IDENTIFIER: 'earlyoom', MESSAGE: 'Out of memory: Killed process 1 (init) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB' }),
      entry({ _TRANSPORT: 'kernel', _SOURCE_MONOTONIC_TIMESTAMP: '5000000', MESSAGE: 'Out of memory: Killed process 300 (java) total-vm:100kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB' }),
    );
    expect(events.map((e) => [e.victim?.pid, e.time])).toEqual([[300, { kernelSeconds: 5, wall: '2026-12-05T19:54:29.253260Z' }]]);
  });
  it('a MESSAGE stored as bytes (not UTF-8) is decoded; the Mem-Info summary is split at its newlines', () => {
    const bytes = [...Buffer.from('Out of memory: Killed process 301 (a'), 0xff, ...Buffer.from('b) total-vm:100kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB')];
    const events = log(
      entry({ _TRANSPORT: 'kernel', MESSAGE: 'Mem-Info:' }),
      entry({ _TRANSPORT: 'kernel', MESSAGE: 'active_anon:10 inactive_anon:20 isolated_anon:0\n active_file:30 inactive_file:40 isolated_file:0\n slab_reclaimable:5 slab_unreclaimable:6' }),
      entry({ _TRANSPORT: 'kernel', MESSAGE: bytes }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.victim).toMatchObject({ pid: 301, name: 'a\ufffdb' });
    expect(events[0]?.memInfo).toMatchObject({ activeAnon: 10, inactiveAnon: 20, activeFile: 30, inactiveFile: 40, slabReclaimable: 5, slabUnreclaimable: 6 });
  });
  it('an entry journalctl printed without its MESSAGE (null: over 4096 bytes) is nobody\'s text, not the raw JSON', () => {
    const hidden = 'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0 Out of memory: Killed process 1 (init) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB';
    expect(log(entry({ _TRANSPORT: 'stdout', SYSLOG_IDENTIFIER: 'myapp', MESSAGE: null, X: hidden }), entry({ _TRANSPORT: 'kernel', MESSAGE: null, X: hidden }))).toEqual([]);
  });
  it('a newline in any other MESSAGE stays in its line, as /dev/kmsg escapes it: a name holding one keeps its kill', () => {
    const events = log(entry({ _TRANSPORT: 'kernel', MESSAGE: 'Out of memory: Killed process 302 (a\nb) total-vm:100kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB' }));
    expect(events.map((e) => [e.victim?.pid, e.victim?.name, e.victim?.anonRssKb])).toEqual([[302, 'a\\x0ab', 10]]);
  });
});
