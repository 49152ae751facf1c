import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheLocation } from '../../src/code-cache/cache-file.js';
import { GUEST_BUNDLE } from '../../src/vm/guest-command.js';
import { projectLayer } from '../../src/vm/project-layer.js';

// A VM boot carries the host user's code caches for the bundles the guest runs (the CLI's and the guest
// entry's). A user who has none yet (the guest's bundle never runs on a host; the build trained only
// the building user's) gets them made once, on the host, as that user: else every VM of theirs would
// compile the bundle under TCG.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const saved = process.env.OOMLAB_CACHE_DIR;
const made: string[] = [];
afterEach(() => {
  if (saved === undefined) delete process.env.OOMLAB_CACHE_DIR;
  else process.env.OOMLAB_CACHE_DIR = saved;
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the guest's code caches in a boot's project layer", () => {
  it("are made for a user who has none, carried at the guest's cache directory, and not made again", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'oomlab-layer-cache-')), 'oomlab');
    made.push(join(dir, '..'));
    process.env.OOMLAB_CACHE_DIR = dir;
    const files = ['oomlab-cli.cjs', GUEST_BUNDLE].map((b) => cacheLocation(readFileSync(join(ROOT, 'dist', b)))!.file);
    const carried = (): string[] => projectLayer(ROOT).map((e) => e.path).filter((p) => p.startsWith('project/root/.cache/oomlab/'));
    expect(carried().sort()).toEqual(files.map((f) => `project/root/.cache/oomlab/${f.split('/').pop()}`).sort());
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.split('/').pop()).sort());
    for (const f of files) expect(readFileSync(f, 'latin1').split('\n')[0]).toMatch(/^oomlab-v8-code-cache\/1 [0-9a-f]{64}$/);
    const mtimes = files.map((f) => statSync(f).mtimeMs);
    expect(carried()).toHaveLength(2);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  });
});
