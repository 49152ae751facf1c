import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { commandOnPath } from '../helpers/commands.js';
import { checkedResult, participant } from '../helpers/scenario.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// A runtime that runs out of its own heap, for real: Node with --max-old-space-size, Python under
// RLIMIT_AS, a JVM with a small -Xmx (uncaught, and with -XX:+ExitOnOutOfMemoryError). Each reads
// runtime-oom, names its runtime, and carries the line that decided it. The same programs under a
// cgroup limit far below their heap caps are killed by the kernel first, and read oom-killed, also
// when a Node heap line was printed before the kill and the exit was Node's 134. The scenarios are
// files in test/fixtures/scenarios (runtime-oom-*.yaml); Go has no toolchain here, so its messages
// are tested as text (test/participant/runtime-oom.test.ts).
const skip = cgroupSkipReason();
const noJava = commandOnPath('java') ? undefined : toolReason('java');
const noPython = commandOnPath('python3') ? undefined : toolReason('python3');
const scenario = (name: string): string => fileURLToPath(new URL(`../fixtures/scenarios/${name}.yaml`, import.meta.url));
const run = async (name: string) => checkedResult(await runScenarioFile(scenario(name)));

describe.skipIf(skip)(needs(skip, 'runtime-oom for real'), () => {
  it('node: V8 aborts on its heap limit: runtime-oom (node), the FATAL ERROR line, SIGABRT', async () => {
    const r = await run('runtime-oom-node');
    const svc = participant(r, 'svc');
    expect(svc).toMatchObject({ outcome: 'runtime-oom', runtime: 'node', signal: 'SIGABRT' });
    expect(svc.runtimeEvidence).toMatch(/^FATAL ERROR: .*Allocation failed - JavaScript heap out of memory$/);
    expect(svc.stderrTail).toContain(svc.runtimeEvidence);
    expect(svc.stdoutTail).toEqual(['growing']);
    expect(r.oomEvents).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it.skipIf(noPython)(needs(noPython, 'python: MemoryError under RLIMIT_AS: runtime-oom (python), exit 1, the traceback in stderrTail'), async () => {
    const r = await run('runtime-oom-python');
    const svc = participant(r, 'svc');
    expect(svc).toMatchObject({ outcome: 'runtime-oom', runtime: 'python', runtimeEvidence: 'MemoryError', exitCode: 1 });
    expect(svc.stderrTail?.[0]).toBe('Traceback (most recent call last):');
    expect(svc.stderrTail?.at(-1)).toBe('MemoryError');
    expect(r.oomEvents).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it.skipIf(noJava)(needs(noJava, 'java: an uncaught OutOfMemoryError (exit 1) and -XX:+ExitOnOutOfMemoryError (exit 3): runtime-oom (java)'), async () => {
    const r = await run('runtime-oom-java');
    expect(participant(r, 'uncaught')).toMatchObject({ outcome: 'runtime-oom', runtime: 'java', exitCode: 1, runtimeEvidence: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space' });
    const exitOnOom = participant(r, 'exit-on-oom');
    expect(exitOnOom).toMatchObject({ outcome: 'runtime-oom', runtime: 'java', exitCode: 3, runtimeEvidence: 'Terminating due to java.lang.OutOfMemoryError: Java heap space' });
    expect(exitOnOom.stdoutTail).toContain('Terminating due to java.lang.OutOfMemoryError: Java heap space');
    expect(r.oomEvents).toEqual([]);
    expect(r.verdict).toBe('pass');
  }, 120_000);

  it.skipIf(noPython)(needs(noPython, 'under a cgroup limit far below their heap caps, the kernel kills them first: oom-killed, whatever was printed'), async () => {
    const r = await run('runtime-oom-kernel-wins');
    for (const name of ['node', 'python', 'shell']) {
      const p = participant(r, name);
      expect(p.outcome, name).toBe('oom-killed');
      expect(p.runtime, name).toBeUndefined();
      expect(r.oomEvents.some((e) => e.participant === name), name).toBe(true);
    }
    // The shell printed Node's heap line and exited 134, as Node would have: the kill still decides.
    const shell = participant(r, 'shell');
    expect(shell.exitCode).toBe(134);
    expect(shell.stderrTail?.[0]).toBe('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    expect(r.verdict).toBe('pass');
  });

  it.skipIf(noJava)(needs(noJava, 'java: a JVM with -Xmx1g in a 96M cgroup is OOM-killed by the kernel'), async () => {
    const r = await run('runtime-oom-kernel-java');
    expect(participant(r, 'jvm')).toMatchObject({ outcome: 'oom-killed', signal: 'SIGKILL' });
    expect(participant(r, 'jvm').runtime).toBeUndefined();
    expect(r.oomEvents.map((e) => e.participant)).toEqual(['jvm']);
    expect(r.verdict).toBe('pass');
  }, 120_000);
});
