import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oomlab } from '../helpers/cli.js';
import { FIXTURE_DIR, fixture } from '../kernel-log/fixtures.js';

// Runs the built CLI (npx tsc -p tsconfig.build.json first).
describe('oomlab explain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-explain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("explains the article's report from a file, exit 0", async () => {
    const r = await oomlab(['explain', join(FIXTURE_DIR, 'article-2.6.32-i686.txt')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Killed: test_mem1 (pid 10020), score 365; RSS 2722 pages = 10.6 MiB');
    expect(r.stdout).toContain('Free swap 0 kB of 4046840 kB');
  });

  it('numbers the kills as the processes that died: a memory.oom.group repeat of the victim is one line', async () => {
    const k8s = await oomlab(['explain', join(FIXTURE_DIR, 'k8s-6.x-kubepods-slice-oom-group.txt')]);
    expect(k8s.exitCode).toBe(0);
    const lines = String(k8s.stdout).split('\n');
    expect(lines.filter((l) => l.startsWith('OOM kill'))).toEqual([expect.stringMatching(/^OOM kill 1 at 2993\.\d+ s after boot/)]);
    expect(lines).toContain('The kernel names node (pid 22609) again, as a member of its memory.oom.group: the same kill as above, not another.');
  });

  it('reads stdin for - and prints JSON with --json', async () => {
    const r = await oomlab(['explain', '-', '--json'], { input: fixture('cadvisor-4.8-docker-two-kills.txt') });
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(String(r.stdout)) as { events: Array<{ victim?: { pid?: number }; reaped?: { pid: number } }> };
    expect(json.events.map((e) => [e.victim?.pid, e.reaped?.pid])).toEqual([
      [1381, 1381],
      [1667, 1667],
    ]);
  });

  it('a missing file is exit 2 with one line naming it', async () => {
    const r = await oomlab(['explain', join(dir, 'no-such.log')]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oomlab: FILE: expected a readable kernel log file, or - for stdin, got ".*no-such\.log" \(ENOENT\)$/);
  });

  it('a directory is exit 2 too', async () => {
    const r = await oomlab(['explain', dir]);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
  });

  it('strips terminal control sequences from process names in the human output', async () => {
    const evil = 'ev\u001b]0;pwned\u0007il\u001b[2J\u009b';
    const log = join(dir, 'evil.log');
    writeFileSync(log, `${evil} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 7 (${evil}) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB\n`);
    const r = await oomlab(['explain', log]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Killed: evil (pid 7)');
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const j = await oomlab(['explain', log, '--json']);
    expect(j.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect((JSON.parse(String(j.stdout)) as { events: Array<{ victim: { name: string } }> }).events[0]?.victim.name).toBe(evil);
  });

  it('a log with no OOM kill says so, exit 0', async () => {
    const r = await oomlab(['explain', '-'], { input: '[ 1.0] usb 1-1: new device\n' });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).trim()).toBe('No OOM kill found in this log.');
  });
});
