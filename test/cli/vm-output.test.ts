import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeVmRun } from '../../src/cli/output/vm-run.js';
import type { VmRunResult } from '../../src/vm/run-in-vm.js';
import { guestResult } from '../../src/vm/run-scenario-in-vm.js';
import { hostileGuestResults, HOSTILE } from '../helpers/hostile-result.js';

// What `oomlab vm run` prints and writes when the guest is hostile. The VmRunResult is built here;
// a real VM writes the same files in test/vm/boundary.priv.test.ts.

const dir = mkdtempSync(join(tmpdir(), 'oomlab-vm-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vmWith(files: Record<string, Buffer>, refused: string[] = []): VmRunResult {
  return {
    outcome: 'exited', exitCode: 0, consoleLog: '', kmsg: 'guest kmsg\n', files, refused, bootMs: 1000, guestUptimeMs: 900,
    prepareMs: 1, totalMs: 2, accel: 'tcg', kernel: { path: '/k', version: '6.1.0', modulesDir: '/m' } as VmRunResult['kernel'],
    machine: { memBytes: 2 ** 30, swapBytes: 0, swapKind: 'none', sysctl: {}, swaps: [] },
  };
}

function run(files: Record<string, Buffer>, refused: string[] = []) {
  const vm = vmWith(files, refused);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const html = join(dir, `r-${Math.random()}.html`);
  const code = writeVmRun({ ...guestResult(vm, 'scenarios/x.yaml'), vm }, { html, color: true }, stdout, stderr);
  return { code, out: String(stdout.read() ?? ''), err: String(stderr.read() ?? ''), html };
}

describe('oomlab vm run with a hostile guest', () => {
  const hostile = hostileGuestResults();

  it('prints a result with control characters inert: no escape, no bell, no forged line', () => {
    const r = run({ 'result.json': hostile.controls });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/\x07|\x1b\]|\x1b\[31mRED|\u202e/);
    expect(r.out).toContain('on 6.1RED, cgroup 1');
    expect(r.out.split('\n').filter((l) => l.startsWith('verdict:'))).toHaveLength(1);
    expect(r.out).toContain('oom-killed (SIGKILL verdict: pass)');
    const page = readFileSync(r.html, 'utf8');
    expect(page).not.toContain(HOSTILE.markup);
  });

  it('refuses markup in a numeric field in one line, exit 1, without the guest bytes', () => {
    const r = run({ 'result.json': hostile.markupInNumbers });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe("oomlab: the guest's result.json is not an oomlab/result@2: participants[0].restarts: expected number (and 1 more)\n");
  });

  it('refuses invalid JSON in one line, exit 1', () => {
    const r = run({ 'result.json': hostile.invalid });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`oomlab: the guest's result.json is not valid JSON (${hostile.invalid.length} bytes)\n`);
  });

  it('--out: result.json, report.html (the host\'s own) and the output files with names oomlab writes; nothing else, nowhere else', () => {
    const vm = vmWith({
      'result.json': readFileSync(new URL('../fixtures/results/hostile-output.json', import.meta.url)),
      'out/loud.stdout': Buffer.from('<script>\x1b[31m\xff\n', 'latin1'),
      'out/hog-2~3.stderr': Buffer.from('again\n'),
      'out/../escape.stdout': Buffer.from('x'),
      'out/sub/x.stdout': Buffer.from('x'),
      'out/report.html': Buffer.from('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">'),
      'other.stdout': Buffer.from('x'),
    });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = join(dir, 'vm-out', 'new');
    const code = writeVmRun({ ...guestResult(vm, 'scenarios/x.yaml'), vm }, { out, color: false }, stdout, stderr);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['hog-2~3.stderr', 'loud.stdout', 'report.html', 'result.json']);
    expect(readFileSync(join(out, 'loud.stdout')).equals(Buffer.from('<script>\x1b[31m\xff\n', 'latin1'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('started &lt;script&gt;');
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).participants[0].stdoutTail[0]).toBe('started <script>window.__xss=1</script>');
    expect(String(stderr.read())).toBe(
      ['out/../escape.stdout', 'out/sub/x.stdout'].map((p) => `oomlab: not brought back from the guest: ${p}: not a participant output file\n`).join(''),
    );
    expect(existsSync(join(dir, 'vm-out', 'escape.stdout'))).toBe(false);
    expect(String(stdout.read())).toContain('loud stdout (last 3 lines, more than 8 MiB in all):');
  });

  it('says what it refused to bring back, with names made printable', () => {
    const r = run({ 'result.json': hostile.controls }, ['results/leak: a symbolic link (refused)', '?]0;x?: a fifo (refused)']);
    expect(r.err).toBe('oomlab: not brought back from the guest: results/leak: a symbolic link (refused)\noomlab: not brought back from the guest: ?]0;x?: a fifo (refused)\n');
  });
});
