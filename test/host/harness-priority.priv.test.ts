import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HARNESS_NICE, raiseHarnessPriority } from '../../src/host/harness-priority.js';
import { setprivWithUids } from '../helpers/commands.js';
import { schedOfStat, setThreadSched, threadSched } from '../helpers/sched.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

/** Nice value and policy of a new child process, from its own /proc/self/stat. */
const childSched = (): { nice: number; policy: number } => schedOfStat(execFileSync('cat', ['/proc/self/stat'], { encoding: 'latin1' }));

const SETPRIV = setprivWithUids();
const skip = process.getuid?.() !== 0 ? 'needs root (to lower a nice value)' : undefined;

// The harness's thread runs at a higher priority during a run, and nothing it starts inherits that
// (src/host/harness-priority.ts). Each case puts the thread back as it found it.
describe.skipIf(skip)(needs(skip, 'the harness thread priority, for real'), () => {
  afterEach(() => setThreadSched(0, false));

  it('raises the thread to HARNESS_NICE with SCHED_RESET_ON_FORK; a child starts at nice 0; release puts it back', () => {
    expect(threadSched()).toEqual({ nice: 0, policy: 0, resetOnFork: false });
    const p = raiseHarnessPriority();
    expect(p.status).toBe('raised');
    expect(threadSched()).toEqual({ nice: HARNESS_NICE, policy: 0, resetOnFork: true });
    expect(childSched()).toEqual({ nice: 0, policy: 0 });
    p.release();
    p.release(); // a second release of the same raise changes nothing
    expect(threadSched()).toEqual({ nice: 0, policy: 0, resetOnFork: false });
  });

  it('two runs share the raise: the thread is put back when the last one ends', () => {
    const a = raiseHarnessPriority();
    const b = raiseHarnessPriority();
    expect([a.status, b.status]).toEqual(['raised', 'raised']);
    a.release();
    expect(threadSched().nice).toBe(HARNESS_NICE);
    b.release();
    expect(threadSched()).toEqual({ nice: 0, policy: 0, resetOnFork: false });
  });

  it('a thread someone reniced (nice 5) is left alone: its children keep inheriting 5', () => {
    setThreadSched(5, false);
    const p = raiseHarnessPriority();
    expect(p.status).toBe('not-default');
    expect(threadSched()).toEqual({ nice: 5, policy: 0, resetOnFork: false });
    expect(childSched().nice).toBe(5);
    p.release();
    expect(threadSched().nice).toBe(5);
  });

  it.skipIf(!SETPRIV)(SETPRIV ? 'as a user who may not lower nice: not-permitted, and nothing changed' : toolReason('setpriv'), () => {
    const module = fileURLToPath(new URL('../../dist/host/harness-priority.js', import.meta.url));
    const addon = fileURLToPath(new URL('../../build/Release/oomlab.node', import.meta.url));
    expect(existsSync(module), 'the built library (npm run build)').toBe(true);
    const script = `import { raiseHarnessPriority } from ${JSON.stringify(module)};
      import { createRequire } from 'node:module';
      const r = raiseHarnessPriority();
      console.log(JSON.stringify({ status: r.status, after: createRequire(import.meta.url)(${JSON.stringify(addon)}).threadSched() }));`;
    const out = execFileSync(SETPRIV!, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ status: 'not-permitted', after: { nice: 0, policy: 0, resetOnFork: false } });
  });
});
