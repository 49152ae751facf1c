import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { oomlab } from '../helpers/cli.js';
import { participant, runYaml } from '../helpers/scenario.js';
import { needs } from '../helpers/skips.js';

// A command that cannot start is an error, never a passing run: a program that is not there is refused
// before anything is made (exit 2); one whose exec still fails when the run starts it (a script whose
// interpreter is missing: execve says ENOENT although the file is there) is `failed-to-start`, and
// the verdict is fail whatever the scenario expected.
const skip = cgroupSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-start-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)(needs(skip, 'commands that cannot start'), () => {
  it('a program that is not there: exit 2 naming the participant field and the file, no cgroup made', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, 'name: typo\ncgroup: { memory: 64M }\nparticipants:\n  - name: svc\n    command: { argv: [./no-such-server, --port, "8080"] }\n');
    const r = await oomlab(['run', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`oomlab: ${file}:5: participants[0].command.argv[0]: expected an executable file (the path does not name one), got "./no-such-server"`);
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('an exec that fails when the run starts it: failed-to-start with the errno, verdict fail although the expectation held', async () => {
    const script = join(dir, 'bad-shebang');
    writeFileSync(script, '#!/nonexistent/interpreter\necho never\n');
    chmodSync(script, 0o755);
    const r = await runYaml(`
name: bad-shebang
cgroup: { memory: 64M }
participants:
  - name: svc
    command: { argv: [${JSON.stringify(script)}] }
run: { duration: 5s, until: all-exited }
expect:
  - participant: svc
    outcome: exited
`);
    const svc = participant(r, 'svc');
    expect(svc).toMatchObject({ outcome: 'failed-to-start', exitCode: 127, startError: { step: 'exec', syscall: 'execvp', errno: 2, code: 'ENOENT' } });
    expect(r.assertions.at(-1)).toEqual({ description: 'svc starts', passed: false, expected: 'its set-up and program to start', actual: 'exec: execvp failed with ENOENT', failing: ['svc'] });
    expect(r.verdict).toBe('fail');
  });
});
