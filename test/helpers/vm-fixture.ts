import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from './vm.js';

// Why: a guest's OOM report becomes a parser fixture once (when missing, or with
// OOMLAB_WRITE_FIXTURES=1); later runs leave the committed file alone.
export function saveKernelLogFixture(name: string, text: string): void {
  const path = join(REPO, 'test', 'fixtures', 'kernel-logs', name);
  if (existsSync(path) && process.env.OOMLAB_WRITE_FIXTURES !== '1') return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
