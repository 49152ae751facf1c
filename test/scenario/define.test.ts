import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineScenario } from '../../src/scenario/define.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

describe('defineScenario', () => {
  it('returns its input unchanged and typed, after validating it', () => {
    const input = { name: 'svc-leak', cgroup: { memory: '512M' }, participants: [{ name: 'leaky', node: { total: '256M', touch: 'memset' } }] };
    const s = defineScenario(input);
    expect(s).toBe(input);
    expectTypeOf(s).toExtend<ScenarioInput>();
    expect(validateScenario(s).participants[0]).toMatchObject({ kind: 'node', node: { total: { bytes: 256 * 1024 ** 2 }, touch: 'memset' } });
  });

  it('throws one InputError naming the field path (no file, so no line)', () => {
    // @ts-expect-error -- an unknown key is a type error too
    expect(() => defineScenario({ name: 'x', participants: [{ name: 'a', hog: { totl: '1G' } }] })).toThrow(/^participants\[0\]\.hog\.totl: expected one of the known keys block, total/);
    expect(() => defineScenario({ name: 'x', participants: [{ name: 'a', hog: { total: '1X' } }] })).toThrow(/^participants\[0\]\.hog\.total: expected a size/);
  });
});
