import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCgroupRoot, type Cgroup } from '../../src/cgroup/index.js';
import { cgroupSkipReason, hierarchy } from '../helpers/cgroups.js';
import { byDesign, needs } from '../helpers/skips.js';

// A member that will not die, for real: on cgroup v1 a task frozen by the freezer controller stays
// frozen through SIGKILL until it is thawed, so destroy() must give up at its timeout and name it.
// (v2's freezer lets SIGKILL through, and cgroup.kill kills frozen tasks: there is no such member.)
const FREEZER = '/sys/fs/cgroup/freezer';
const skip = cgroupSkipReason() ?? (readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === FREEZER && l.split(' ')[3]?.split(',').includes('freezer')) || hierarchy().version !== 1 ? undefined : 'needs the v1 freezer controller mounted at /sys/fs/cgroup/freezer');
const notV1 = !skip && hierarchy().version !== 1;

describe.skipIf(skip ?? notV1)(byDesign(notV1, needs(skip, 'a run group whose member will not die'), 'cgroup v1 only: on v2 SIGKILL reaches frozen tasks'), () => {
  const frozen = join(FREEZER, `oomlab-test-frozen-${process.pid}`);
  const procs: ResultPromise[] = [];
  const groups: Cgroup[] = [];
  afterEach(async () => {
    if (existsSync(frozen)) writeFileSync(join(frozen, 'freezer.state'), 'THAWED');
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const p of procs) await p;
    for (const g of groups.splice(0)) await g.destroy();
    if (existsSync(frozen)) rmdirSync(frozen);
  });

  it('destroy gives up at its timeout naming the member, and succeeds once the member can die', async () => {
    const g = openCgroupRoot().createRun({ memory: 32 * 2 ** 20 });
    groups.push(g);
    mkdirSync(frozen);
    const sleeper = execa('sh', ['-c', `echo $$ > ${g.procsFile} && echo $$ > ${frozen}/cgroup.procs && exec sleep 600`], { reject: false });
    procs.push(sleeper);
    for (let i = 0; i < 200 && g.pids().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(g.pids()).toEqual([sleeper.pid]);
    writeFileSync(join(frozen, 'freezer.state'), 'FROZEN');
    for (let i = 0; i < 200 && readFileSync(join(frozen, 'freezer.state'), 'utf8').trim() !== 'FROZEN'; i++) await new Promise((r) => setTimeout(r, 10));
    await expect(g.destroy({ timeoutMs: 1000, pollMs: 50 })).rejects.toThrow(`processes ${sleeper.pid} are still in it`);
    expect(existsSync(g.path)).toBe(true);
    writeFileSync(join(frozen, 'freezer.state'), 'THAWED');
    await g.destroy();
    expect(existsSync(g.path)).toBe(false);
    expect((await sleeper).signal).toBe('SIGKILL');
  });
});
