import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { InputError } from '../../src/errors/input-error.js';
import { checkLimits, planLimits, type CurrentState, type LimitWrite } from '../../src/cgroup/limits.js';
import type { LimitValue } from '../../src/cgroup/types.js';

const MiB = 1024 ** 2;
const all = () => true;
const v1 = (memory: LimitValue = 'max', memsw: LimitValue = 'max', has: (f: string) => boolean = all): CurrentState => ({ version: 1, has, memory, memsw });
const v2: CurrentState = { version: 2, has: all };

// A v1 kernel as far as these two files go: memsw >= memory at every moment, or EINVAL.
function applyV1(mem: LimitValue, memsw: LimitValue, writes: LimitWrite[]): { mem: LimitValue; memsw: LimitValue } {
  const num = (v: LimitValue) => (v === 'max' ? Infinity : v);
  const parse = (s: string): LimitValue => (s === '-1' ? 'max' : Number(s));
  for (const w of writes) {
    if (w.file === 'memory.limit_in_bytes') {
      if (num(parse(w.value)) > num(memsw)) throw new Error(`EINVAL: memory ${w.value} > memsw ${memsw}`);
      mem = parse(w.value);
    } else if (w.file === 'memory.memsw.limit_in_bytes') {
      if (num(parse(w.value)) < num(mem)) throw new Error(`EINVAL: memsw ${w.value} < memory ${mem}`);
      memsw = parse(w.value);
    }
  }
  return { mem, memsw };
}

describe('limit semantics', () => {
  it('v2: one file per limit, "max" spelled max', () => {
    expect(planLimits({ memory: 64 * MiB, swap: 'max', high: 32 * MiB, oomGroup: true }, v2).writes).toEqual([
      { file: 'memory.max', value: String(64 * MiB) },
      { file: 'memory.swap.max', value: 'max' },
      { file: 'memory.high', value: String(32 * MiB) },
      { file: 'memory.oom.group', value: '1' },
    ]);
    expect(planLimits({ swappiness: 5 }, v2)).toEqual({ writes: [], hostSwappiness: 5 });
  });

  it('v1: memsw = memory + swap; -1 for max; swappiness and oom_kill_disable', () => {
    expect(planLimits({ memory: 64 * MiB, swap: 16 * MiB, swappiness: 0, oomKillDisable: true }, v1()).writes).toEqual([
      { file: 'memory.limit_in_bytes', value: String(64 * MiB) },
      { file: 'memory.memsw.limit_in_bytes', value: String(80 * MiB) },
      { file: 'memory.swappiness', value: '0' },
      { file: 'memory.oom_control', value: '1' },
    ]);
    expect(planLimits({ memory: 'max', swap: 'max' }, v1(MiB, 2 * MiB)).writes).toEqual([
      { file: 'memory.memsw.limit_in_bytes', value: '-1' },
      { file: 'memory.limit_in_bytes', value: '-1' },
    ]);
  });

  it('v1: raising memory above the current memsw writes memsw first and keeps the swap allowance', () => {
    expect(planLimits({ memory: 128 * MiB }, v1(32 * MiB, 48 * MiB)).writes).toEqual([
      { file: 'memory.memsw.limit_in_bytes', value: String(144 * MiB) },
      { file: 'memory.limit_in_bytes', value: String(128 * MiB) },
    ]);
  });

  it('v1: any plan is accepted by the kernel rule and gives memory and memory + swap as asked', () => {
    const size = fc.integer({ min: 0, max: 4096 }).map((n) => n * MiB);
    const limit = fc.oneof(size, fc.constant<LimitValue>('max'));
    fc.assert(
      fc.property(limit, limit, fc.option(limit, { nil: undefined }), fc.option(limit, { nil: undefined }), (m0, extra, memory, swap) => {
        // A reachable current state: memsw >= memory.
        const memsw0: LimitValue = m0 === 'max' || extra === 'max' ? 'max' : m0 + extra;
        let writes: LimitWrite[];
        try {
          writes = planLimits({ memory, swap }, v1(m0, memsw0)).writes;
        } catch (err) {
          // The one refusal: a numeric swap limit with no memory limit.
          expect(err).toBeInstanceOf(EnvironmentError);
          expect(swap !== undefined && swap !== 'max' && (memory ?? m0) === 'max').toBe(true);
          return;
        }
        const after = applyV1(m0, memsw0, writes);
        const wantMem = memory ?? m0;
        expect(after.mem).toEqual(wantMem);
        if (swap !== undefined) expect(after.memsw).toEqual(swap === 'max' || wantMem === 'max' ? 'max' : wantMem + swap);
        else if (memsw0 !== 'max' && m0 !== 'max' && wantMem !== 'max') expect(after.memsw).toEqual(wantMem + (memsw0 - m0));
      }),
      { numRuns: 2000 },
    );
  });

  it('v1 refuses v2-only limits with "needs cgroup v2"; "max"/false are no-ops', () => {
    expect(() => planLimits({ high: MiB }, v1())).toThrow(/needs cgroup v2/);
    expect(() => planLimits({ oomGroup: true }, v1())).toThrow(/needs cgroup v2/);
    expect(planLimits({ high: 'max', oomGroup: false }, v1()).writes).toEqual([]);
  });

  it('v1 without memsw files: a swap limit says swap accounting is off and how to turn it on', () => {
    const noMemsw = v1('max', 'max', (f) => !f.startsWith('memory.memsw'));
    expect(() => planLimits({ memory: MiB, swap: MiB }, noMemsw)).toThrow(EnvironmentError);
    expect(() => planLimits({ memory: MiB, swap: MiB }, noMemsw)).toThrow(/swap accounting is off.*swapaccount=1/);
    expect(planLimits({ memory: MiB }, noMemsw).writes).toEqual([{ file: 'memory.limit_in_bytes', value: String(MiB) }]);
  });

  it('v1: a swap limit without a memory limit cannot be expressed', () => {
    expect(() => planLimits({ swap: MiB }, v1())).toThrow(/needs a memory limit too/);
  });

  it('bad values are InputErrors naming the field', () => {
    expect(() => checkLimits({ memory: -5 }, 'groups.db')).toThrow(InputError);
    expect(() => checkLimits({ memory: 1.5 }, 'cgroup')).toThrow(/cgroup\.memory/);
    expect(() => checkLimits({ swappiness: 101 }, 'cgroup')).toThrow(/cgroup\.swappiness: expected a whole number from 0 to 100/);
    expect(() => checkLimits({ oomGroup: 'yes' as never }, 'cgroup')).toThrow(/cgroup\.oomGroup/);
    expect(() => checkLimits({ mem: 1 } as never, 'cgroup')).toThrow(/cgroup\.mem/);
  });
});
