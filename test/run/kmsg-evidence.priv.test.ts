import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunResult } from '../../src/result/parse.js';
import type { RunResult } from '../../src/result/types.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { cliCommand } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// A kill is decided from every source the machine offers (src/evidence/confirm-sigkill.ts): the
// SIGKILL the harness did not send and the cgroup's own oom_kill counter decide it even when the
// kernel's report never arrives. Two real ways the report does not come, each in a private mount
// namespace so the host's /dev/kmsg is untouched:
// - unavailable: /dev/kmsg is a unix socket there, which open(2) refuses with ENXIO;
// - silent: /dev/kmsg is /dev/null there (as LXC and some container runtimes give it): it opens and
//   reads as empty, so the report of the kill the counter saw never comes.
const UNSHARE = commandOnPath('unshare');
const skip = cgroupSkipReason() ?? (UNSHARE ? undefined : toolReason('unshare'));
const dir = mkdtempSync(join(tmpdir(), 'oomlab-kmsg-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `oomlab run touched-oom --json` with `bindOver` mounted over /dev/kmsg in a mount namespace of its own. */
async function touchedOomWith(prepare: string, bindOver: string, name: string): Promise<RunResult> {
  const json = join(dir, `${name}.json`);
  const [file, argv] = cliCommand(['run', 'touched-oom', '--json', json]);
  const script = `${prepare} && mount --bind "$0" /dev/kmsg && exec "$@"`;
  const r = await execa(UNSHARE!, ['-m', 'sh', '-c', script, bindOver, file, ...argv], { reject: false });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return parseRunResult(readFileSync(json), `${name}.json`);
}

function expectCounterKill(result: RunResult): void {
  const victim = result.participants.find((p) => p.name === 'test_mem2')!;
  expect(victim).toMatchObject({ outcome: 'oom-killed', signal: 'SIGKILL' });
  expect(result.oomEvents).toHaveLength(1);
  expect(result.oomEvents[0]).toMatchObject({ participant: 'test_mem2', victimPid: victim.pid, sources: ['signal', 'cgroup-counter'], report: [] });
  expect(result.cgroups[0]!.events.oomKill).toBe(1);
  expect(result.verdict).toBe('pass');
}

describe.skipIf(skip)(needs(skip, 'OOM evidence when the kernel log says nothing'), () => {
  it('a /dev/kmsg that cannot be opened: oom-killed from the counter and the signal, evidence unavailable', async () => {
    const sock = join(dir, 'kmsg.sock');
    const makeSocket = `${JSON.stringify(process.execPath)} -e ${JSON.stringify(`require('net').createServer().listen(${JSON.stringify(sock)}, () => process.exit(0))`)}`;
    const result = await touchedOomWith(makeSocket, sock, 'unavailable');
    expect(result.evidence).toEqual({ kmsg: 'unavailable', reason: 'cannot read /dev/kmsg (ENXIO): OOM kills are confirmed from the kill counters and exit signals only' });
    expectCounterKill(result);
  });

  it('a /dev/kmsg that opens but stays silent (/dev/null): oom-killed from the counter and the signal, evidence silent', async () => {
    const result = await touchedOomWith('true', '/dev/null', 'silent');
    expect(result.evidence.kmsg).toBe('silent');
    expect(result.evidence.reason).toMatch(/^\/dev\/kmsg was read but carried no kernel report of 1 OOM kill that the counters and exit signals show/);
    expectCounterKill(result);
  });
});
