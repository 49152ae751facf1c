import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The benchmarks run only in `npm run bench`, never in `npm test`: a syntax error in one (a backtick
// in a template literal's text, say) would otherwise be found only when a bench run skips its section.
const BENCH = fileURLToPath(new URL('../bench/', import.meta.url));

describe('bench/', () => {
  const files = readdirSync(BENCH).filter((f) => f.endsWith('.mjs'));
  it('has its scripts', () => expect(files).toEqual(expect.arrayContaining(['run.mjs', 'oom-latency.mjs', 'scale.mjs', 'vm-boot.mjs'])));
  it.each(files)('%s parses', (f) => {
    expect(() => execFileSync(process.execPath, ['--check', join(BENCH, f)], { stdio: 'pipe' })).not.toThrow();
  });
});
