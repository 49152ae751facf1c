import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/report/text.js';
import { runInVm, type VmRunResult } from '../../src/vm/run-in-vm.js';
import { guestResult } from '../../src/vm/run-scenario-in-vm.js';
import { setprivWithUids } from '../helpers/commands.js';
import { hostileGuestResults } from '../helpers/hostile-result.js';
import { explain, keyValues, MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';
import { toolReason } from '../helpers/tools.js';

// The VM as a boundary, attacked from both sides in one boot. From inside: a command that links a
// host file into the init's kernel-log path and into its results (the exfiltration the audit showed),
// and writes hostile result.json files.
// From outside: another local user (nobody) has planted the temp-directory names the old sweep
// removed, and swaps a directory for a link to a root-owned directory throughout the run.

const skip = vmSkipReason() ?? (process.geteuid?.() !== 0 ? 'needs root' : !setprivWithUids() ? toolReason('setpriv') : undefined);
const NOBODY = ['--reuid', '65534', '--regid', '65534', '--clear-groups'];
const work = mkdtempSync(join(tmpdir(), 'oomlab-boundary-'));
chmodSync(work, 0o1777);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const SECRET = `HOST-SECRET-${randomBytes(8).toString('hex')}`;

const SCRIPT = `
R="$OOMLAB_RESULTS"
ln -s "$SECRET_FILE" /oomlab/kmsg.txt; echo "kmsg_link=$?"
ln -s "$SECRET_FILE" "$R/leak"
ln -s "$SECRET_DIR" "$R/dir"
ln -s / "$R/root"
echo ok > "$R/plain.txt"
printf '%s' "$CONTROLS" > "$R/result.json"
printf '%s' "$MARKUP" > "$R/result-markup.json"
printf '%s' "$INVALID" > "$R/result-invalid.json"
OOMLAB_CODE_CACHE=report node dist/oomlab.cjs --version 2> "$R/cache.txt" >/dev/null
exit 0
`;

describe.skipIf(skip)(`the VM boundary${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('brings back no host file through links, says what it refused, and runs beside another user\'s traps', async () => {
    const secretDir = join(work, 'secret');
    mkdirSync(secretDir, { mode: 0o700 });
    const secretFile = join(secretDir, 'file');
    writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
    // Another user's traps in the shared temp directory the VM's temp space lives under.
    const victim = join(work, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'precious'), 'keep\n');
    const plant = spawnSync('setpriv', [...NOBODY, 'sh', '-c', `mkdir -p ${work}/oomlab-vm-99999-x/sub ${work}/oomlab-vm-99999-y/sub && echo theirs > ${work}/oomlab-vm-99999-x/file`]);
    expect(plant.status).toBe(0);
    const swapper = spawn('setpriv', [...NOBODY, 'sh', '-c', `cd ${work}/oomlab-vm-99999-y && while :; do mv sub real; ln -s ${victim} sub; rm -f sub; mv real sub; done`], { stdio: 'ignore' });
    children.push(swapper);
    const hostile = hostileGuestResults();
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = work;
    let r: VmRunResult;
    try {
      r = await runInVm({
        command: ['sh', '-c', SCRIPT], memBytes: 512 * MiB, swapBytes: 0, cpus: 2, cgroup: 'v2', timeoutMs: 150_000,
        env: { SECRET_FILE: secretFile, SECRET_DIR: secretDir, CONTROLS: hostile.controls.toString(), MARKUP: hostile.markupInNumbers.toString(), INVALID: hostile.invalid.toString() },
      });
    } finally {
      process.env.TMPDIR = savedTmp;
      swapper.kill('SIGKILL');
    }
    recordTiming('boundary', r);
    expect(r.outcome, explain(r)).toBe('exited');
    expect(r.exitCode).toBe(0);

    // 1. Nothing of the host came back, and each refusal was said.
    expect(keyValues(r.consoleLog).get('kmsg_link')).toBe('0'); // the guest did plant its link
    expect(Object.keys(r.files).sort()).toEqual(['cache.txt', 'plain.txt', 'result-invalid.json', 'result-markup.json', 'result.json']);
    expect(r.files['plain.txt']?.toString()).toBe('ok\n');
    expect(r.refused.sort()).toEqual(['results/dir: a symbolic link (refused)', 'results/leak: a symbolic link (refused)', 'results/root: a symbolic link (refused)']);
    const everything = [r.kmsg, r.consoleLog, ...Object.values(r.files).map((b) => b.toString('latin1'))].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(r.kmsg).toMatch(/oomlab-init: command ended with 0/); // the guest's real dmesg, from init

    // 3. The hostile results, read as the host reads them.
    const accepted = guestResult(r, 'boundary');
    expect(accepted.exitCode).toBe(0);
    expect(formatRunSummary(accepted.result!, true)).not.toMatch(/\x07|\x1b\]|\u202e/);
    const markup = guestResult({ ...r, files: { 'result.json': r.files['result-markup.json']! } }, 'boundary');
    expect(markup).toEqual({ malformed: "the guest's result.json is not an oomlab/result@2: participants[0].restarts: expected number (and 1 more)", exitCode: 1 });
    const invalid = guestResult({ ...r, files: { 'result.json': r.files['result-invalid.json']! } }, 'boundary');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.malformed).toMatch(/^the guest's result\.json is not valid JSON \(\d+ bytes\)$/);

    // 2. Another user's planted names and the swapped link were left alone.
    expect(readFileSync(join(work, 'oomlab-vm-99999-x/file'), 'utf8')).toBe('theirs\n');
    expect(existsSync(join(work, 'oomlab-vm-99999-y'))).toBe(true);
    expect(readFileSync(join(victim, 'precious'), 'utf8')).toBe('keep\n');

    // The host's own code cache for this bundle went in, and the guest's bin used it.
    expect(r.files['cache.txt']?.toString().trim()).toBe('oomlab: code cache used');
  });
});
