import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// readPpid's first call in a process also makes procUnits() read /proc/self/auxv into the shared
// buffer; it once did so after the stat read, so the stat text was overwritten and the first call
// returned -1. A vitest worker may have called procUnits() already, so each check makes sure the
// call is the first: in a fresh node process on the built module, and on fresh module instances.

const BUILT = fileURLToPath(new URL('../../dist/proc/process-tree.js', import.meta.url));

describe('readPpid, first call', () => {
  it('in a fresh process (the built module) returns the real parent', () => {
    expect(existsSync(BUILT), `${BUILT} (build with npx tsc -p tsconfig.build.json)`).toBe(true);
    const script = `import { readPpid } from ${JSON.stringify(BUILT)};
const first = readPpid(process.ppid);
const second = readPpid(process.ppid);
console.log(JSON.stringify({ first, second, self: readPpid(process.pid), ppid: process.ppid }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    // The child's parent is this worker; the worker's parent is what this process says it is.
    expect(out.ppid).toBe(process.pid);
    expect(out.first).toBe(process.ppid);
    expect(out.second).toBe(process.ppid);
    expect(out.self).toBe(process.pid);
  });

  it('on fresh module instances (the source) returns the real parent', async () => {
    vi.resetModules();
    const tree = await import('../../src/proc/process-tree.js');
    // No procUnits() has run in these instances yet: this readPpid is the one that triggers it.
    expect(tree.readPpid(process.pid)).toBe(process.ppid);
  });
});
