import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KernelLogParser, parseKernelLog, parseKernelLogStream, type OomEvent } from '../../src/kernel-log/index.js';
import { fixture, fixtureNames } from './fixtures.js';

function feedLines(text: string): OomEvent[] {
  const parser = new KernelLogParser();
  const events: OomEvent[] = [];
  for (const line of text.split('\n')) events.push(...parser.pushLine(line));
  events.push(...parser.flush());
  return events;
}

describe('the incremental parser', () => {
  it('has every captured report to run over', () => {
    expect(fixtureNames().length).toBeGreaterThanOrEqual(19);
  });

  it('returns a kill from the very pushLine call that carried its Killed line', () => {
    const parser = new KernelLogParser();
    const lines = fixture('local-6.18-memcg-v1-both.kmsg.txt').split('\n');
    const seen: Array<[number, number | undefined]> = [];
    lines.forEach((line, i) => {
      for (const e of parser.pushLine(line)) seen.push([i, e.victim?.pid]);
    });
    const killedAt = lines.map((l, i) => (l.includes('Killed process') ? i : -1)).filter((i) => i >= 0);
    expect(seen).toEqual([
      [killedAt[0], 15299],
      [killedAt[1], 15574],
    ]);
    expect(parser.flush()).toEqual([]);
  });

  it('adds the oom_reaper line to the event it already returned', () => {
    const parser = new KernelLogParser();
    const [event] = parser.pushLine('Killed process 1381 (gunpowder-memho) total-vm:2121528kB, anon-rss:18624kB, file-rss:2140kB, shmem-rss:0kB');
    expect(event?.reaped).toBeUndefined();
    expect(parser.pushLine('oom_reaper: reaped process 1381 (gunpowder-memho), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB')).toEqual([]);
    expect(event?.reaped).toEqual({ pid: 1381, name: 'gunpowder-memho', anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
  });

  it('returns a report that ends at its score line (the article) at flush', () => {
    const parser = new KernelLogParser();
    const during = fixture('article-2.6.32-i686.txt').split('\n').flatMap((l) => [...parser.pushLine(l)]);
    expect(during).toEqual([]);
    const [e] = parser.flush();
    expect(e?.victim).toEqual({ pid: 10020, name: 'test_mem1', score: 365 });
  });

  it.each(fixtureNames())('line by line gives the same events as the whole text: %s', (name) => {
    const text = fixture(name);
    expect(feedLines(text)).toEqual(parseKernelLog(text));
  });

  it.each(fixtureNames())('chunks split at arbitrary places give the same events: %s', (name) => {
    const text = fixture(name);
    const expected = parseKernelLog(text);
    for (const size of [1, 7, 64, 1000]) {
      const parser = new KernelLogParser();
      const events: OomEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.pushChunk(text.slice(i, i + size)));
      events.push(...parser.flush());
      expect(events).toEqual(expected);
    }
  });

  it('parseKernelLogStream decodes bytes split inside a UTF-8 character', async () => {
    const text = `${fixture('local-6.18-memcg-v1-single.dmesg.txt')}\n[ 1.0] caf\u00e9 \u{1f600}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3));
    const events: OomEvent[] = [];
    for await (const e of parseKernelLogStream(Readable.from(chunks))) events.push(e);
    expect(events).toEqual(parseKernelLog(text));
    expect(events).toHaveLength(1);
  });

  it('keeps memory bounded: task rows are capped, and an endless line is dropped', () => {
    const parser = new KernelLogParser({ maxTasks: 3 });
    parser.pushLine('x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0');
    parser.pushLine('[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name');
    for (let pid = 1; pid <= 10; pid++) parser.pushLine(`[${pid}]     0 ${pid}    100    50    4096    0    0 t${pid}`);
    parser.pushChunk('y'.repeat(1 << 20));
    parser.pushChunk('z'.repeat(1 << 20));
    const [e] = parser.pushLine('Out of memory: Killed process 3 (t3) total-vm:400kB, anon-rss:200kB, file-rss:0kB, shmem-rss:0kB');
    expect(e?.tasks?.map((t) => t.pid)).toEqual([1, 2, 3]);
    expect(e?.tasksTruncated).toBe(true);
    expect(parser.pushChunk('\nOut of memory: Killed process 9 (t9) total-vm:400kB\n').map((x) => x.victim?.pid)).toEqual([9]);
  });
});
