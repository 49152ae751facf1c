import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CpioEntry } from './cpio.js';

// The project's own build (dist/, build/Release, scenarios/, package.json: a few MiB) changes with
// every compile, and tsc rewrites every output's mtime even when nothing changed. So it does not go
// into the cached root image (whose rebuild copies ~180 MiB); it rides in each boot's initramfs under
// /project/<host path>, and the guest's init stacks /project as an overlay lower layer above the root
// image, so it appears at its host path with no copying.
// node_modules, which changes only with `npm install`, stays in the root image.

/** What of the project goes into each boot, relative to the project root. */
export const PROJECT_ENTRIES = ['package.json', 'dist', 'build/Release', 'scenarios'];

// Declarations and source maps are for editors and debuggers, not for running: they stay out.
const SKIP = /(^|\/)(obj\.target|\.deps)(\/|$)|\.d\.ts$|\.map$/;

// Why: the project's build as initramfs entries under /project, at its host path.
export function projectLayer(repo: string): CpioEntry[] {
  const entries: CpioEntry[] = [];
  const dirs = new Set<string>();
  const addDir = (path: string): void => {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) entries.push({ path: d, kind: 'dir' });
      dirs.add(d);
    }
  };
  const addFile = (abs: string): void => {
    const st = statSync(abs);
    addDir(join('project', abs, '..'));
    entries.push({ path: join('project', abs), kind: 'file', data: readFileSync(abs), mode: st.mode & 0o777 });
  };
  const walk = (abs: string): void => {
    const st = statSync(abs);
    if (!st.isDirectory()) return addFile(abs);
    for (const name of readdirSync(abs).sort()) {
      const child = join(abs, name);
      if (!SKIP.test(child.slice(repo.length + 1))) walk(child);
    }
  };
  for (const rel of PROJECT_ENTRIES) if (existsSync(join(repo, rel))) walk(join(repo, rel));
  return entries;
}
