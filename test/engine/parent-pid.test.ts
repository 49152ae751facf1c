import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBuildArtifact } from '../../src/native/build-paths.js';

// oomlab-hog's --pdeathsig --parent-pid: PR_SET_PDEATHSIG only covers a parent that dies after the
// prctl, so a hog whose harness died between fork and prctl must see it through getppid() and exit
// (125, "pdeathsig: getppid") before it joins a cgroup, allocates or execs anything.
const HOG = findBuildArtifact('oomlab-hog');
const MARK = 'sleep 1000.4242';

const running = (args: string): number[] =>
  readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
    try {
      return readFileSync(`/proc/${n}/cmdline`, 'latin1').split('\0').join(' ').trim() === args;
    } catch {
      return false;
    }
  }).map(Number);

describe.skipIf(!existsSync(HOG))('oomlab-hog --parent-pid', () => {
  it('a parent that is not the one named (it died before PR_SET_PDEATHSIG): exit 125, nothing run', async () => {
    const r = await execa(HOG, ['--pdeathsig', '--parent-pid', '1', '--exec', '--', 'sh', '-c', 'echo ran'], { reject: false });
    expect(r.exitCode).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/pdeathsig: getppid/);
  });

  it('forked, then its parent died, then it started: it notices and does not run its task', async () => {
    // The shell forks a subshell and exits at once; 300 ms later the orphaned subshell execs the hog,
    // naming the shell (gone) as its parent, as a harness SIGKILLed right after its fork would be.
    await execa('sh', ['-c', `( sleep 0.3; exec "$0" --pdeathsig --parent-pid $$ --exec -- ${MARK} ) >/dev/null 2>&1 & exit 0`, HOG]);
    await new Promise((r) => setTimeout(r, 1000));
    const left = running(MARK);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
  });
});
