import { describe, expect, it } from 'vitest';
import { explainEvent, explainEvents } from '../../src/explain/explain.js';
import { toExplainJson } from '../../src/explain/json.js';
import { formatKb } from '../../src/explain/units.js';
import { parseKernelLog, type OomEvent } from '../../src/kernel-log/index.js';
import { fixture } from '../kernel-log/fixtures.js';

function explain(name: string, index = 0): string {
  const events = parseKernelLog(fixture(name));
  return explainEvent(events[index] as OomEvent, index, events.length).join('\n');
}

describe('formatKb', () => {
  it.each([
    [0, '0 KiB'],
    [388, '388 KiB'],
    [2722 * 4, '10.6 MiB'],
    [457164 * 4, '1.74 GiB'],
    [4046840, '3.86 GiB'],
  ])('%d kB is %s', (kb, text) => expect(formatKb(kb)).toBe(text));
});

describe("the article's report, explained", () => {
  const text = explain('article-2.6.32-i686.txt');
  it('says who asked and how', () => {
    expect(text).toContain('Who asked: test_mem (pid 10021) needed memory: gfp_mask=0x280da, order=0 (a single 4 KiB page).');
  });
  it('says the whole machine ran out, with swap full', () => {
    expect(text).toContain('What ran out: the whole machine (RAM and swap).');
    expect(text).toContain('Swap full: Free swap 0 kB of 4046840 kB (3.86 GiB)');
    expect(text).toContain('Zones under their min watermark: HighMem free 388 kB < min 512 kB.');
  });
  it('gives the victim its real size: 2722 pages, about 10.6 MiB', () => {
    expect(text).toContain('Killed: test_mem1 (pid 10020), score 365; RSS 2722 pages = 10.6 MiB, total_vm 785602 pages = 3.00 GiB.');
  });
  it('turns score 365 into about 2.9 GiB of RAM+swap, nearly all of it in swap', () => {
    expect(text).toContain('score 365 of 1000 is its share of RAM+swap (7.85 GiB): about 2.87 GiB charged to it');
    expect(text).toContain('so about 2.85 GiB of it was in swap, and swap was full');
  });
  it('shows that test_mem held far more RAM (457164 pages, 1.74 GiB) and was not chosen', () => {
    expect(text).toMatch(/test_mem \(pid 10021\) 1\.74 GiB\n\s+test_mem \(pid 10022\) 1\.72 GiB\n\s+test_mem1 \(pid 10020\) 10\.6 MiB {2}<- killed/);
    expect(text).toContain("test_mem1 ranks #3 here with 10.6 MiB against test_mem's 1.74 GiB");
    expect(text).toContain('its swapped-out memory counts too');
  });
});

describe('other reports, explained', () => {
  it.each([
    ['ramsteind-journal-short-unix-memcg.txt', 'OOM kill 1 of 2 (2026-08-18T16:01:45.418280Z, 1787068905.418280 s since the epoch)'],
    ['local-6.18-memcg-v1-two-kills.dmesg-e.txt', 'OOM kill 1 of 2 (Dec 5 19:46) - kernel 6.18.44-fc-v1272'],
    ['local-6.18-memcg-v1-journal-two-kills.json.txt', 'OOM kill 1 of 2 at 42241.724 s after boot (2026-12-05T19:54:28.778383Z) - kernel 6.18.44-fc-v1272'],
  ])('%s: the heading says when, readably', (name, heading) => {
    expect(explain(name).split('\n')[0]).toBe(heading);
  });
  it('a memcg kill on this machine: the cgroup, its usage against its limit, and the victim in MiB', () => {
    const text = explain('local-6.18-memcg-v1-two-procs.dmesg.txt');
    expect(text).toContain('What ran out: the memory cgroup /process_api/14deafc088fa7e28ea88c351caab3365/oomlab-fixture-pair, not the whole machine: usage 64.0 MiB of its limit 64.0 MiB (failcnt 0).');
    expect(text).toContain('Who asked: python3 (pid 15573)');
    expect(text).toContain('Killed: python3 (pid 15574); RSS 43.1 MiB (anon 36.6 MiB, file 6.52 MiB, shmem 0 KiB), swap 0 KiB, virtual size 46.2 MiB.');
    expect(text).toContain('python3 (pid 15573) 33.4 MiB (rss 33.4 MiB + swap 0 KiB)');
  });
  it('an old memcg score with oom_score_adj: the adj is taken out before reading the share', () => {
    const text = explain('k8s-blog-4.15-dmesg-T-kubepods.txt');
    expect(text).toContain('score 1718 less its oom_score_adj 939 leaves 779 of 1000, which is its share of the cgroup limit (123 MiB)');
    expect(text).toContain('Its memory+swap: 0 KiB used, no limit.');
    expect(text).toContain('oom_reaper freed its memory');
  });
  it('a sacrificed child names both', () => {
    expect(explain('k8s-3.10-dmesg-T-sacrifice-child.txt')).toContain('The kernel selected java (pid 24572, score 0) and killed its child java instead.');
  });
  it('a panic_on_oom report says nothing was killed', () => {
    expect(explain('sonic-3.16-panic-on-oom.txt')).toContain('nothing was killed; the machine went down (vm.panic_on_oom)');
  });
  it('a cut-off report says the victim is not in the text', () => {
    expect(explain('k8s-3.10-dmesg-T-sacrifice-child.txt', 1)).toContain('The report is cut off before its kill line');
  });
  it('a 6.x global kill names the zone under min and the unkillable tasks', () => {
    const text = explain('stress-ng-6.11-global-meminfo.txt');
    expect(text).toContain('Zones under their min watermark: node 0 Normal free 984 kB < min 8628 kB.');
    expect(text).toContain('RAM: 2097022 pages = 8.00 GiB. No swap.');
    expect(text).toContain('oom_score_adj -1000: never killed');
  });
  it('a memory.oom.group repeat of the victim is one line, and the kills are numbered as processes that died', () => {
    const lines = explainEvents(parseKernelLog(fixture('k8s-6.x-kubepods-slice-oom-group.txt')));
    expect(lines[0]).toMatch(/^OOM kill 1 of 1 /);
    expect(lines.filter((l) => l.startsWith('OOM kill'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('The kernel names node (pid 22609) again, as a member of its memory.oom.group: the same kill as above, not another.');
  });
  it('no events is one line', () => {
    expect(explainEvents([])).toEqual(['No OOM kill found in this log.']);
  });
  it('the JSON form is the events under "events"', () => {
    const events = parseKernelLog(fixture('local-6.18-memcg-v1-single.dmesg.txt'));
    const json = JSON.parse(JSON.stringify(toExplainJson(events))) as { events: OomEvent[] };
    expect(json.events[0]?.victim?.pid).toBe(15299);
    expect(json.events[0]?.memcg?.limitKb).toBe(65536);
  });
});
