import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunResult } from '../../src/result/parse.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { cliCommand } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';

// Where /dev/kmsg cannot be opened (here: a private mount namespace where it is a unix socket, which
// open(2) refuses with ENXIO), an OOM kill is still confirmed for real, from the two other sources:
// the cgroup's oom_kill counter and the SIGKILL the harness did not send (attribute.ts: counterKill).
const UNSHARE = commandOnPath('unshare');
const skip = cgroupSkipReason() ?? (UNSHARE ? undefined : 'needs unshare (util-linux)');
const dir = mkdtempSync(join(tmpdir(), 'oomlab-no-kmsg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)(needs(skip, 'OOM evidence without /dev/kmsg'), () => {
  it('touched-oom: oom-killed from the cgroup counter and the exit signal, and the result says kmsg was unreadable', async () => {
    const sock = join(dir, 'kmsg.sock');
    const json = join(dir, 'r.json');
    const [file, argv] = cliCommand(['run', 'touched-oom', '--json', json]);
    const makeSocket = `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.exit(0))`;
    const script = `"$0" -e "$1" && mount --bind "$2" /dev/kmsg && shift 3 && exec "$@"`;
    const r = await execa(UNSHARE!, ['-m', 'sh', '-c', script, process.execPath, makeSocket, sock, '--', file, ...argv], { reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const result = parseRunResult(readFileSync(json), 'r.json');
    expect(result.evidence).toEqual({ kmsg: false, reason: 'cannot read /dev/kmsg (ENXIO): OOM kills are confirmed from cgroup counters and exit signals only' });
    const victim = result.participants.find((p) => p.name === 'test_mem2')!;
    expect(victim).toMatchObject({ outcome: 'oom-killed', signal: 'SIGKILL' });
    expect(result.oomEvents).toHaveLength(1);
    expect(result.oomEvents[0]).toMatchObject({ participant: 'test_mem2', victimPid: victim.pid, sources: ['cgroup-counter', 'exit-signal'], report: [] });
    expect(result.cgroups[0]!.events.oomKill).toBe(1);
    expect(result.verdict).toBe('pass');
  });
});
