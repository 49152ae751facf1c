import { describe, expect, it } from 'vitest';
import type { HogRecord } from '../../src/engine/record.js';
import { classifyOutcome, type OutcomeFacts } from '../../src/result/outcome.js';

const record = (outcome: HogRecord['outcome']): HogRecord => ({
  ev: 'done',
  phase: 'done',
  outcome,
  blocks: 1,
  allocatedBytes: 1,
  touchedBytes: 1,
  failures: 0,
  rewrites: 0,
  elapsedNs: 1,
  firstFailNs: 0,
  hugeTouchedBytes: 0,
  probes: 0,
  passes: 0,
  passNs: 0,
  errno: 0,
  syscall: '',
});

describe('classifyOutcome', () => {
  const base: OutcomeFacts = { kind: 'hog', oomKilled: false, stoppedByHarness: false };
  it.each<[string, Partial<OutcomeFacts>, string]>([
    ['OOM evidence wins over the exit status (a shell exits 137)', { kind: 'command', exitCode: 137, oomKilled: true }, 'oom-killed'],
    ['SIGKILL with OOM evidence', { signal: 'SIGKILL', oomKilled: true }, 'oom-killed'],
    ['SIGKILL without OOM evidence', { signal: 'SIGKILL' }, 'killed'],
    ['SIGSEGV is a crash', { signal: 'SIGSEGV' }, 'crashed'],
    ['SIGABRT is a crash', { kind: 'command', signal: 'SIGABRT' }, 'crashed'],
    ['exit 0 after reaching the target', { exitCode: 0, final: record('completed') }, 'completed'],
    ['exit 12 from a hog is malloc-failed', { exitCode: 12 }, 'malloc-failed'],
    ['exit 12 from a command is just an exit code', { kind: 'command', exitCode: 12 }, 'exited'],
    ['a command exiting 3', { kind: 'command', exitCode: 3 }, 'exited'],
    ['stopped by the harness while still allocating', { signal: 'SIGTERM', stoppedByHarness: true, final: record('stopped') }, 'timed-out'],
    ['stopped by the harness while holding its target', { exitCode: 0, stoppedByHarness: true, final: record('completed') }, 'completed'],
    ['a command stopped by the harness', { kind: 'command', signal: 'SIGTERM', stoppedByHarness: true }, 'timed-out'],
    ['held after Malloc Fail, then stopped', { signal: 'SIGTERM', stoppedByHarness: true, final: record('malloc-failed') }, 'malloc-failed'],
    ['SIGTERM from someone else', { signal: 'SIGTERM' }, 'killed'],
    ['its runtime ran out of heap (SIGABRT with the line)', { kind: 'command', signal: 'SIGABRT', runtimeOom: true }, 'runtime-oom'],
    ['its runtime ran out of heap (exit 1 with the line)', { kind: 'command', exitCode: 1, runtimeOom: true }, 'runtime-oom'],
    ['a kernel OOM kill wins over a runtime line printed before', { kind: 'command', exitCode: 134, oomKilled: true, runtimeOom: true }, 'oom-killed'],
  ])('%s', (_name, facts, outcome) => {
    expect(classifyOutcome({ ...base, ...facts })).toBe(outcome);
  });
});
