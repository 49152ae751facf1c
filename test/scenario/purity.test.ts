import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// Loading and planning must not touch the system: a refused scenario leaves no cgroup behind because
// nothing in src/scenario can create one. Only load.ts may use the filesystem (to read the file), and
// no module may reach for child processes, the native addon or the cgroup layer.

it('only load.ts touches the filesystem, and nothing runs or creates anything', async () => {
  const dir = 'src/scenario';
  for (const file of await readdir(dir)) {
    const text = await readFile(join(dir, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    const fsImports = imports.filter((i) => /^(node:)?fs(\/promises)?$/.test(i));
    expect(fsImports, file).toEqual(file === 'load.ts' ? ['node:fs/promises'] : []);
    expect(imports.filter((i) => /child_process|execa|native|cgroup|node:os|node:process/.test(i)), file).toEqual([]);
  }
});
