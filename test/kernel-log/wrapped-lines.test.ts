import { describe, expect, it } from 'vitest';
import { KernelLogParser, parseKernelLog, parseKernelLogStream, type OomEvent } from '../../src/kernel-log/index.js';
import { fixture } from './fixtures.js';

// Pasted reports wrapped by a mail client or a terminal (src/kernel-log/wrapped-lines.ts): the text
// parsers join each piece back onto its timed line; the live parser (a /dev/kmsg reader) does not.

const MAIL_OLD = 'wrapped/lkml-mail-quoted-wrapped-sacrifice-child.txt';
const MAIL_NEW = 'wrapped/lkml-5.3-mail-quoted-wrapped-syslog.txt';
const TERMINAL = 'wrapped/rpi-4.14-terminal-wrapped-quoted-syslog.txt';

async function viaStream(text: string, size: number): Promise<OomEvent[]> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const out: OomEvent[] = [];
  for await (const e of parseKernelLogStream(chunks())) out.push(e);
  return out;
}

describe('a report wrapped by a mail client', () => {
  it('joins `Out of memory: Kill` / `process ...` and `Killed process N` / `(name) sizes`', () => {
    const [event, ...rest] = parseKernelLog(fixture(MAIL_OLD));
    expect(rest).toEqual([]);
    expect(event?.constraint).toBe('global');
    expect(event?.victim).toEqual({ pid: 31357, name: 'sh', totalVmKb: 5400, anonRssKb: 252, fileRssKb: 4, shmemRssKb: 0, selected: { pid: 19961, name: 'python', score: 17 } });
    expect(event?.time).toEqual({ kernelSeconds: 337631.991237, wall: 'Nov 14 15:23:48' });
  });

  it('joins a kill line broken twice, and the reaper line, under a `> > ` quote', () => {
    const [event, ...rest] = parseKernelLog(fixture(MAIL_NEW));
    expect(rest).toEqual([]);
    expect(event?.constraint).toBe('global');
    expect(event?.victim).toMatchObject({ pid: 3035, name: 'oomprocs', uid: 10383, totalVmKb: 1056800, anonRssKb: 8, fileRssKb: 4, shmemRssKb: 0 });
    expect(event?.reaped).toMatchObject({ anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
    expect(event?.time?.wall).toBe('Jul 22 10:42:40');
  });
});

describe('a report wrapped by a terminal', () => {
  it('joins a break mid-word without a space (a line as wide as the widest read)', () => {
    const [event, ...rest] = parseKernelLog(fixture(TERMINAL));
    expect(rest).toEqual([]);
    expect(event?.trigger).toEqual({ name: 'python3', gfpMask: '0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)', gfpFlags: ['GFP_KERNEL_ACCOUNT', '__GFP_ZERO'], order: 1, oomScoreAdj: 0, pid: 530 });
    expect(event?.truncated).toBe(true);
  });
});

describe('what is not a wrapped piece', () => {
  const kill = '[ 2568.360000] Out of memory: Killed process 2502 (python) total-vm:31760kB, anon-rss:15372kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:44kB oom_score_adj:0';
  it("a shell's `Killed`, grep's `--` and a fence after a timed line stay lines of their own", () => {
    for (const after of ['Killed', '--', '```', '']) {
      const [event] = parseKernelLog(`${kill}\n${after}\n`);
      expect(event?.victim).toMatchObject({ pid: 2502, name: 'python', anonRssKb: 15372, oomScoreAdj: 0 });
    }
  });
  it('a line with its own header, or indented as journalctl continues an entry, is not joined', () => {
    const text = 'Jun 11 20:17:20 host kernel: Mem-Info:\nJun 11 20:17:20 host kernel: active_anon:227 inactive_anon:1 isolated_anon:0\n                                 active_file:10 inactive_file:20 isolated_file:0\n';
    expect(parseKernelLog(text)).toEqual(parseKernelLog(text, { joinWrapped: false }));
  });
  it('the live parser (no joinWrapped) reads each line as it comes', () => {
    const parser = new KernelLogParser();
    const events = [...parser.pushChunk(fixture(MAIL_NEW)), ...parser.flush()];
    expect(events[0]?.victim?.anonRssKb).toBeUndefined();
    expect(parseKernelLog(fixture(MAIL_NEW))[0]?.victim?.anonRssKb).toBe(8);
  });
});

describe('the stream and the whole text agree', () => {
  it.each([MAIL_OLD, MAIL_NEW, TERMINAL])('%s, in chunks of every size from 1 to 64', async (name) => {
    const text = fixture(name);
    const whole = parseKernelLog(text);
    for (let size = 1; size <= 64; size++) expect(await viaStream(text, size)).toEqual(whole);
  });
});
