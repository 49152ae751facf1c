import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownMemcgV1Dir } from './privileges.js';

/** A memory cgroup a test made, to run hogs under a limit. */
export interface TestMemcg {
  dir: string;
  procs: string;
  read(file: string): string;
  destroy(): Promise<void>;
}

const made = new Set<TestMemcg>();

// Why: every hog a test starts runs under a memory limit; this makes one (v1) and removes it after.
export function createTestMemcg(name: string, limitBytes: number): TestMemcg {
  const parent = ownMemcgV1Dir();
  if (!parent) throw new Error('no cgroup-v1 memory controller');
  const dir = join(parent, `oomlab-test-${name}-${process.pid}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
  const cg: TestMemcg = {
    dir,
    procs: join(dir, 'cgroup.procs'),
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    destroy: async () => {
      made.delete(cg);
      await destroyMemcg(dir);
    },
  };
  made.add(cg);
  return cg;
}

// Why: a failed test must still leave no process and no cgroup behind.
export async function destroyAllTestMemcgs(): Promise<void> {
  for (const cg of [...made]) await cg.destroy();
}

async function destroyMemcg(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && existsSync(dir); attempt++) {
    for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmdirSync(dir);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (existsSync(dir)) throw new Error(`could not remove ${dir}`);
}
