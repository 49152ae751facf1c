import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunResult } from '../../src/result/parse.js';
import { CLI } from '../helpers/cli.js';
import { setprivWithUids } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';
import { vmSkipReason } from '../helpers/vm.js';

// oomlab as a user without root (nobody, through setpriv), as a newcomer on a shared machine: `run`
// cannot make cgroups and says what works instead; `doctor` says nothing it did not see; `vm run`,
// which needs no root, runs the scenario for real.
const NOBODY = 65534;
const SETPRIV = setprivWithUids();
const skip = process.geteuid?.() !== 0 ? 'needs root (to act as another user)' : !SETPRIV ? toolReason('setpriv') : undefined;
const home = mkdtempSync(join(tmpdir(), 'oomlab-nobody-'));
if (!skip) chownSync(home, NOBODY, NOBODY);
afterAll(() => rmSync(home, { recursive: true, force: true }));

function asNobody(args: string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(SETPRIV!, ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, CLI, ...args], {
    encoding: 'utf8', cwd: home, env: { ...process.env, HOME: home, TMPDIR: home }, timeout,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What nobody itself can do, asked directly, not through oomlab. */
function nobodyCan(script: string): boolean {
  return spawnSync(SETPRIV!, ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'sh', '-c', script], { stdio: 'ignore' }).status === 0;
}

describe.skipIf(skip)(needs(skip, 'oomlab without root'), () => {
  it('run: exit 3, one line that ends with the command that works (oomlab vm run)', () => {
    const r = asNobody(['run', 'touched-oom']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^oomlab: cannot create cgroup \S+: EACCES \(needs root, or a writable \(delegated\) cgroup; see --cgroup-parent\); without root, a VM runs it: oomlab vm run touched-oom\n$/);
  });

  it('doctor: every line is what nobody can see; kmsg and swap accounting as they really are', () => {
    const r = asNobody(['doctor', '--json']);
    expect(r.status).toBe(3);
    const { checks, summary } = JSON.parse(r.stdout) as { checks: Array<{ name: string; ok: boolean | 'unknown'; detail: string }>; summary: string };
    const check = (name: string) => checks.find((c) => c.name === name)!;
    expect(check('root').ok).toBe(false);
    expect(check('create and limit a cgroup').ok).toBe(false);
    expect(check('/dev/kmsg').ok).toBe(nobodyCan('head -c 1 /dev/kmsg >/dev/null'));
    // Swap accounting is a property of the kernel, the same for every user: root's own doctor decides.
    const asRoot = JSON.parse(spawnSync(process.execPath, [CLI, 'doctor', '--json'], { encoding: 'utf8' }).stdout) as { checks: typeof checks };
    expect(check('swap accounting').ok).toBe(asRoot.checks.find((c) => c.name === 'swap accounting')!.ok);
    expect(check('scenario features').detail).toContain('oomlab vm run');
    if (!vmSkipReason()) {
      expect(checks.filter((c) => c.name.startsWith('vm: ')).map((c) => [c.name, c.ok])).toEqual([
        ['vm: qemu', true], ['vm: kernel', true], ['vm: busybox', true], ['vm: mkfs.ext4 -d', true], ['vm: acceleration', true], ['vm: largest VM now', true],
      ]);
      expect(summary).toBe('oomlab run cannot make cgroups here as this user; oomlab vm run <scenario> can (no root needed)');
    }
  });

  const vmSkip = vmSkipReason();
  it.skipIf(vmSkip)(needs(vmSkip, 'vm run touched-oom: passes as nobody, with the real kill in its result'), () => {
    const json = join(home, 'r.json');
    const r = asNobody(['vm', 'run', 'touched-oom', '--json', json], 300_000);
    expect(r.status, r.stderr).toBe(0);
    const result = parseRunResult(readFileSync(json), 'r.json');
    expect(result.verdict).toBe('pass');
    expect(result.host.cgroupVersion).toBe(2);
    expect(result.participants[0]).toMatchObject({ name: 'test_mem2', outcome: 'oom-killed' });
  }, 320_000);
});
