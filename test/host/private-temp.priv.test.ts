import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { makePrivateTempDir, privateTempRoot, sweepOrphans } from '../../src/host/private-temp.js';
import { setprivWithUids } from '../helpers/commands.js';
import { toolReason } from '../helpers/tools.js';

// Another local user attacks oomlab's temp space while root runs it. The attacker is uid 65534
// (nobody), acting through setpriv; the shared directory is a fresh 1777 directory, like /tmp.

const NOBODY = 65534;
const SETPRIV = setprivWithUids();
const skip = process.geteuid?.() !== 0 ? 'needs root (to act as another user)' : !SETPRIV ? toolReason('setpriv') : undefined;
const shared = mkdtempSync(join(tmpdir(), 'oomlab-shared-'));
chmodSync(shared, 0o1777);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(shared, { recursive: true, force: true });
});

/** Run a shell command as nobody. */
function asNobody(script: string): { status: number | null; stderr: string } {
  const r = spawnSync(SETPRIV!, ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'sh', '-c', script], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** A directory root owns with a file nobody may touch: what a redirected sweep would empty. */
function victim(name: string): string {
  const dir = join(shared, name);
  mkdirSync(dir, { mode: 0o755 });
  writeFileSync(join(dir, 'precious'), 'keep me\n', { mode: 0o644 });
  return dir;
}

describe.skipIf(skip)(`oomlab's temp space against another local user${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('leaves a planted oomlab-vm-99999-x (the old sweep target) of another user alone', () => {
    expect(asNobody(`mkdir ${shared}/oomlab-vm-99999-x && echo mine > ${shared}/oomlab-vm-99999-x/file`).status).toBe(0);
    const dir = makePrivateTempDir('vm', shared);
    expect(readFileSync(join(shared, 'oomlab-vm-99999-x/file'), 'utf8')).toBe('mine\n');
    expect(lstatSync(join(shared, 'oomlab-vm-99999-x')).uid).toBe(NOBODY);
    rmSync(dir, { recursive: true });
  });

  it('keeps its own directories where nobody else can create, rename or delete', () => {
    const root = privateTempRoot(shared);
    const st = lstatSync(root);
    expect(st.uid).toBe(0);
    expect(st.mode & 0o777).toBe(0o700);
    const r = asNobody(`mkdir ${root}/vm-99999-planted`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Permission denied/);
  });

  it('sweeps only a directory of its kind whose maker is gone and that carries its marker', () => {
    const root = privateTempRoot(shared);
    const live = makePrivateTempDir('vm', shared); // this process: alive
    const orphan = join(root, 'vm-99999-orphan');
    mkdirSync(orphan);
    writeFileSync(join(orphan, '.oomlab-owner'), '99999 12345\n');
    writeFileSync(join(orphan, 'swap.img'), 'x');
    const unmarked = join(root, 'vm-99998-unmarked');
    mkdirSync(unmarked);
    const other = join(root, 'lab-99999-other');
    mkdirSync(other);
    writeFileSync(join(other, '.oomlab-owner'), '99999 12345\n');
    const report = sweepOrphans(root, 'vm');
    expect(report.removed).toEqual([orphan]);
    expect(report.kept.sort()).toEqual([live, unmarked].sort());
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(readdirSync(root).filter((n) => n.startsWith('trash-'))).toEqual([]);
    for (const d of [live, unmarked, other]) rmSync(d, { recursive: true });
  });

  it('empties nothing when another user swaps a directory for a symbolic link during sweeps', async () => {
    const target = victim('victim');
    expect(asNobody(`mkdir -p ${shared}/oomlab-vm-99999-y/sub && touch ${shared}/oomlab-vm-99999-y/sub/f`).status).toBe(0);
    // The swap loop from the audit: sub becomes a link to the victim and back, as fast as it can.
    const swapper = spawn(SETPRIV!, ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'sh', '-c',
      `cd ${shared}/oomlab-vm-99999-y && while :; do mv sub real; ln -s ${target} sub; rm -f sub; mv real sub; done`], { stdio: 'ignore' });
    children.push(swapper);
    try {
      for (let i = 0; i < 200; i++) rmSync(makePrivateTempDir('vm', shared), { recursive: true });
    } finally {
      swapper.kill('SIGKILL');
    }
    expect(readFileSync(join(target, 'precious'), 'utf8')).toBe('keep me\n');
    expect(existsSync(join(shared, 'oomlab-vm-99999-y'))).toBe(true);
  });

  it('refuses a private parent that another user made first, or a link in its place, and deletes nothing', () => {
    const base1 = mkdtempSync(join(shared, 'base1-'));
    chmodSync(base1, 0o1777);
    expect(asNobody(`mkdir -m 700 ${base1}/oomlab-0 && touch ${base1}/oomlab-0/theirs`).status).toBe(0);
    expect(() => makePrivateTempDir('vm', base1)).toThrow(EnvironmentError);
    expect(() => makePrivateTempDir('vm', base1)).toThrow(`${base1}/oomlab-0 belongs to uid ${NOBODY}, not to this user (uid 0) (remove it, or point TMPDIR somewhere else)`);
    const base2 = mkdtempSync(join(shared, 'base2-'));
    const target = victim('victim2');
    symlinkSync(target, join(base2, 'oomlab-0'));
    chownSync(base2, NOBODY, NOBODY);
    expect(() => makePrivateTempDir('vm', base2)).toThrow(/is a symbolic link, not oomlab's private temp directory/);
    expect(readdirSync(target)).toEqual(['precious']);
    const base3 = mkdtempSync(join(shared, 'base3-'));
    mkdirSync(join(base3, 'oomlab-0'), { mode: 0o755 });
    chmodSync(join(base3, 'oomlab-0'), 0o755);
    expect(() => makePrivateTempDir('vm', base3)).toThrow(/is open to others \(mode 755; it must be 700\)/);
  });
});
