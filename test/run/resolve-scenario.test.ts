import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { resolveScenarioPath, SCENARIO_DIR } from '../../src/run/run-scenario.js';

// A file planted in a shared working directory must not run under a built-in's trusted name.
describe('resolveScenarioPath', () => {
  const cwd = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-resolve-'));
  afterEach(() => process.chdir(cwd));

  it('takes a bare name as the built-in even when a file of that name is in the working directory', () => {
    writeFileSync(join(dir, 'touched-oom'), 'name: planted\nparticipants: []\n');
    writeFileSync(join(dir, 'touched-oom.yaml'), 'name: planted\n');
    process.chdir(dir);
    expect(resolveScenarioPath('touched-oom')).toBe(join(SCENARIO_DIR, 'touched-oom.yaml'));
  });

  it('takes anything with a / or a scenario extension as a path', () => {
    expect(resolveScenarioPath('./touched-oom')).toBe('./touched-oom');
    expect(resolveScenarioPath('touched-oom.yaml')).toBe('touched-oom.yaml');
    expect(resolveScenarioPath('my.YML')).toBe('my.YML');
    expect(resolveScenarioPath('limits.json')).toBe('limits.json');
    expect(resolveScenarioPath('/etc/x')).toBe('/etc/x');
  });

  it('refuses a bare word that is no built-in, saying how to name a file', () => {
    expect(() => resolveScenarioPath('my-limit')).toThrow(InputError);
    expect(() => resolveScenarioPath('my-limit')).toThrow(
      'scenario: expected a built-in scenario name (see oomlab list) or a file path (containing a / or ending in .yaml, .yml or .json), got "my-limit"',
    );
    expect(() => resolveScenarioPath('Touched-OOM')).toThrow(/got "Touched-OOM"$/);
  });

  it('cleans up', () => {
    rmSync(dir, { recursive: true, force: true });
    expect(process.cwd()).toBe(cwd);
  });
});
