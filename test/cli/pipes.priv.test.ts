import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cgroupSkipReason, createTestMemcg, destroyAllTestMemcgs, leftoverRunCgroups, runParentDir } from '../helpers/cgroups.js';
import { cliCgroupDir, cliCommand } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// The commands that run something, in a pipe whose reader is gone before they write (`| true`) and with
// --json on a full disk (/dev/full): no stack trace, the chosen exit code, and nothing left behind.
// The first line the wrapper prints is the harness's pid (it then execs it), to find its cgroups.
const BASH = commandOnPath('bash');
const skip = cgroupSkipReason() ?? (BASH ? undefined : toolReason('bash'));
const dir = mkdtempSync(join(tmpdir(), 'oomlab-pipes-priv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(destroyAllTestMemcgs);

/** Runs `oomlab args | reader` under pipefail; returns oomlab's exit code, its stderr and pid. */
async function piped(args: string[], reader: string): Promise<{ exitCode: number; stderr: string; pid: number }> {
  const [file, argv] = cliCommand(args);
  const script = `set -o pipefail; sh -c 'echo $$ >&2; exec "$@"' sh "$@" | ${reader}`;
  const r = await execa(BASH!, ['-c', script, 'bash', file, ...argv], { reject: false, timeout: 60_000 });
  const [pid, ...rest] = String(r.stderr).split('\n');
  return { exitCode: r.exitCode ?? -1, stderr: rest.join('\n'), pid: Number(pid) };
}

const leftovers = (pid: number): string[] => leftoverRunCgroups(cliCgroupDir(pid) ?? runParentDir(), pid);

describe.skipIf(skip)(needs(skip, 'run and hog in pipes and on a full disk'), () => {
  it('run touched-oom | true: exit 0 (the verdict), no stack trace, no cgroup left', async () => {
    const r = await piped(['run', 'touched-oom'], 'true');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(leftovers(r.pid)).toEqual([]);
  });

  it('run touched-oom --json /dev/full: one line naming --json and ENOSPC, exit 1, no cgroup left', async () => {
    const r = await piped(['run', 'touched-oom', '--json', '/dev/full'], 'cat >/dev/null');
    expect(r.stderr).toBe('oomlab: cannot write --json /dev/full: no space left on the device (ENOSPC)');
    expect(r.exitCode).toBe(1);
    expect(leftovers(r.pid)).toEqual([]);
  });

  it('hog --json (in a 128M cgroup) | true: exit 0, no stack trace', async () => {
    const cg = createTestMemcg('pipes-hog', 128 * 2 ** 20);
    const r = await piped(['hog', '--total', '32M', '--touch', 'memset', '--after', 'free', '--json', '--cgroup', cg.dir], 'true');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(cg.read('cgroup.procs').trim()).toBe('');
  });
});
