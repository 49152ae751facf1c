import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { matchesFilter, missingToolsBlock } from '../helpers/skip-report.js';
import { toolReason } from '../helpers/tools.js';

// The suite on a machine that lacks a tool: the run ends with the missing-tools block (which tool, the
// tests it cost, the command that installs it), and with OOMLAB_REQUIRE_ALL=1 (CI) the same run fails.
// A machine without qemu is made for real: a PATH of links to every command on this one but qemu.
const REPO = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'oomlab-skip-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pathWithout(...hidden: string[]): string {
  const bin = join(dir, `path-without-${hidden.join('-')}`);
  mkdirSync(bin);
  const seen = new Set(hidden);
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (seen.has(n)) continue;
      seen.add(n);
      symlinkSync(join(d, n), join(bin, n));
    }
  }
  return bin;
}

async function vitest(files: string[], path: string, requireAll: boolean): Promise<{ exitCode: number; stdout: string }> {
  const json = join(dir, `vitest-${Math.random().toString(36).slice(2)}.json`);
  const r = await execa(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=default', `--reporter=${join(REPO, 'test/helpers/skip-report.ts')}`, '--reporter=json', `--outputFile.json=${json}`], {
    cwd: REPO,
    reject: false,
    env: { PATH: path, OOMLAB_REQUIRE_ALL: requireAll ? '1' : '' },
    timeout: 120_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout) };
}

describe('the skip report', () => {
  it('counts the tests each missing tool cost and prints one install command', () => {
    const skip = (title: string) => ({ file: 'x.test.ts', title, byDesign: false });
    expect(missingToolsBlock([
      skip(`VM (skipped: ${toolReason('qemu')}) > a`),
      skip(`VM (skipped: ${toolReason('qemu')}) > b`),
      skip(`VM (skipped: ${toolReason('vm-kernel')}) > c`),
      skip(`stress (skipped: ${toolReason('stress-ng')}) > d`),
      skip('cgroups (skipped: needs root) > e'),
    ])).toEqual([
      'missing tools: 4 test(s) skipped for want of them',
      '  qemu-system-x86_64 (apt-get install qemu-system-x86): 2 test(s)',
      '  a VM kernel (scripts/fetch-vm-kernel.sh): 1 test(s)',
      '  stress-ng (apt-get install stress-ng): 1 test(s)',
      'install them: apt-get install qemu-system-x86 stress-ng && scripts/fetch-vm-kernel.sh',
      '1 test(s) skipped for want of something else this machine lacks (root, a memory cgroup: see MISSING above)',
    ]);
    expect(missingToolsBlock([])).toEqual([]);
  });

  it('a test that -t PATTERN left out is not counted as skipped for want of anything', () => {
    expect(matchesFilter('VM machine settings > strict overcommit: participants', /strict overcommit/)).toBe(true);
    expect(matchesFilter('VM machine settings > swap-absorbs on zram', /strict overcommit/)).toBe(false);
    expect(matchesFilter('anything', undefined)).toBe(true);
    const sticky = /a/g;
    expect([matchesFilter('a', sticky), matchesFilter('a', sticky)]).toEqual([true, true]);
  });

  it('a real run on a PATH without qemu: the VM tests skip, the block names qemu; OOMLAB_REQUIRE_ALL=1 fails it', async () => {
    const path = pathWithout('qemu-system-x86_64');
    const files = ['--config', 'test/suite/nested.config.ts'];
    const lax = await vitest(files, path, false);
    expect(lax.stdout).toMatch(/missing tools: (\d+) test\(s\) skipped for want of them\n {2}qemu-system-x86_64 \(apt-get install qemu-system-x86\): \1 test\(s\)\ninstall them: apt-get install qemu-system-x86\n/);
    expect(lax.exitCode).toBe(0);
    const strict = await vitest(files, path, true);
    expect(strict.stdout).toContain('OOMLAB_REQUIRE_ALL=1:');
    expect(strict.exitCode).toBe(1);
  }, 240_000);
});
