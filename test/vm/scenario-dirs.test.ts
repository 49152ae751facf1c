import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { projectLayer } from '../../src/vm/project-layer.js';
import { carryCommandDirs, HOST_DIRS_MAX_BYTES } from '../../src/vm/scenario-dirs.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

// A scenario file in a directory of its own, with a service beside it, as a user keeps one.
function project(): { dir: string; file: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-scenario-dirs-'));
  made.push(dir);
  mkdirSync(join(dir, 'svc', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'svc', 'server.mjs'), 'console.log("up")\n');
  writeFileSync(join(dir, 'svc', 'lib', 'cache.mjs'), 'export {}\n');
  symlinkSync(dir, join(dir, 'svc', 'loop')); // a link back up: must not be followed
  const text = [
    'name: svc',
    'cgroup: { memory: 64M }',
    'participants:',
    '  - name: a',
    '    command: { argv: [node, server.mjs], cwd: svc }',
    '  - name: b',
    '    command: { argv: [node, lib/cache.mjs], cwd: svc/lib }',
    '  - name: c',
    '    command: { argv: ["true"] }',
    '  - name: h',
    '    hog: { total: 1M }',
    'run: { duration: 5s }',
    '',
  ].join('\n');
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return { dir, file, text };
}

describe('carrying command directories into a VM', () => {
  it('writes each relative cwd as its absolute host path and carries the outermost directories once', () => {
    const { dir, file, text } = project();
    const doc = parseDocument(text);
    const carried = carryCommandDirs(parseScenarioText(text, file), doc);
    expect(carried.dirs).toEqual([join(dir, 'svc')]);
    expect(carried.bytes).toBe(Buffer.byteLength('console.log("up")\n') + Buffer.byteLength('export {}\n'));
    const guest = parseScenarioText(doc.toString(), '/tmp/scenario.yaml');
    expect(guest.participants.map((p) => (p.kind === 'command' ? (p.command.cwd ?? null) : p.kind))).toEqual([join(dir, 'svc'), join(dir, 'svc', 'lib'), null, 'hog']);
  });

  it("puts the carried files at their host paths in the guest's project layer, without following a directory link", () => {
    const { dir } = project();
    const paths = projectLayer('/nonexistent-project', [join(dir, 'svc')]).map((e) => e.path);
    expect(paths).toContain(join('project', dir, 'svc', 'server.mjs'));
    expect(paths).toContain(join('project', dir, 'svc', 'lib', 'cache.mjs'));
    expect(paths.some((p) => p.includes('/loop/'))).toBe(false);
  });

  it('refuses, naming the field, a working directory too big to carry into the guest', () => {
    const { dir, file, text } = project();
    writeFileSync(join(dir, 'svc', 'big.bin'), Buffer.alloc(HOST_DIRS_MAX_BYTES + 1));
    const err = (() => {
      try {
        carryCommandDirs(parseScenarioText(text, file), parseDocument(text));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/participants\[0\]\.command\.cwd: expected working directories of at most 64 MiB .* got .*svc \(64\.0 MiB/);
  });
});
