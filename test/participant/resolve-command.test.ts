import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandProblem } from '../../src/participant/resolve-command.js';

// A command's program is looked for as execvp(3) will: real files in a temp tree.
const dir = mkdtempSync(join(tmpdir(), 'oomlab-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'bin'));
mkdirSync(join(dir, 'work'));
writeFileSync(join(dir, 'bin', 'svc'), '#!/bin/sh\n');
chmodSync(join(dir, 'bin', 'svc'), 0o755);
writeFileSync(join(dir, 'bin', 'data'), 'not a program');
chmodSync(join(dir, 'bin', 'data'), 0o644);
mkdirSync(join(dir, 'bin', 'adir'));

describe('commandProblem', () => {
  it('finds a name on the participant\'s own PATH, before the harness\'s', () => {
    expect(commandProblem('svc', { PATH: join(dir, 'bin') }, undefined)).toBeUndefined();
    expect(commandProblem('svc', { PATH: '/nonexistent' }, undefined)).toEqual({ field: 'argv0', expected: "a program on the participant's PATH (not found in /nonexistent)" });
  });

  it('a path with a / is taken relative to the participant\'s cwd', () => {
    expect(commandProblem('../bin/svc', {}, join(dir, 'work'))).toBeUndefined();
    expect(commandProblem('./svc', {}, join(dir, 'work'))?.field).toBe('argv0');
    expect(commandProblem(join(dir, 'bin', 'svc'), {}, undefined)).toBeUndefined();
  });

  it('refuses a file that is not executable, and a directory', () => {
    expect(commandProblem(join(dir, 'bin', 'data'), {}, undefined)?.field).toBe('argv0');
    expect(commandProblem('adir', { PATH: join(dir, 'bin') }, undefined)?.field).toBe('argv0');
  });

  it('an empty PATH entry is the cwd, as for execvp', () => {
    expect(commandProblem('svc', { PATH: ':/nonexistent' }, join(dir, 'bin'))).toBeUndefined();
  });

  it('a cwd that does not exist is its own problem', () => {
    expect(commandProblem('svc', { PATH: join(dir, 'bin') }, join(dir, 'nowhere'))).toEqual({ field: 'cwd', expected: 'an existing directory' });
  });
});
