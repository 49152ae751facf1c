import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports as check } from '../scripts/check-imports.mjs';

// `npm run check:imports` in the unit suite: src/ has no circular import, no file over 300 lines,
// and its folders import only along the data flow (scripts/check-imports.mjs has the layers).
describe('check:imports', () => {
  it('src/ passes', async () => {
    expect(await check()).toEqual([]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'oomlab-check-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  it('names a cycle, a long file and an import against the layers', async () => {
    write('report/text.ts', "import { main } from '../cli/main.js';\nexport const text = main;\n");
    write('cli/main.ts', 'export const main = 1;\n');
    write('proc/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
    write('proc/b.ts', `import { a } from './a.js';\nexport const b = () => a;\n${'//\n'.repeat(300)}`);
    const problems = await check(dir);
    expect(problems).toContain('circular import: proc/a.ts -> proc/b.ts -> proc/a.ts');
    expect(problems).toContain('src/proc/b.ts has 302 lines (at most 300)');
    expect(problems).toContain('src/report/text.ts imports src/cli/main.ts: report/ may not import cli/ (see LAYERS)');
    expect(problems).toHaveLength(3);
  });
});
