import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryHierarchy, removeCgroupTree, TEST_ROOT_V2 } from './cgroups.js';

// The privileged project's global set-up (vitest globalSetup, in the main process): on cgroup v2 it
// makes TEST_ROOT_V2 with memory enabled for its children, and sweeps what dead test processes left
// there; its teardown removes everything the tests made under it. On v1 it does nothing.

function enableMemory(dir: string): void {
  if (!readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) writeFileSync(join(dir, 'cgroup.subtree_control'), '+memory');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function sweep(all: boolean): Promise<void> {
  for (const name of readdirSync(TEST_ROOT_V2)) {
    const pid = Number(/^(?:w|c|m-.*)-(\d+)$/.exec(name)?.[1]);
    if (pid && (all || !alive(pid))) await removeCgroupTree(join(TEST_ROOT_V2, name));
  }
}

// Why: v2 test cgroups need a parent that gives memory to its children and holds no process.
export default async function setup(): Promise<() => Promise<void>> {
  const h = process.geteuid?.() === 0 ? memoryHierarchy() : undefined;
  if (h?.version !== 2) return async () => {};
  enableMemory(h.mount);
  if (!existsSync(TEST_ROOT_V2)) mkdirSync(TEST_ROOT_V2);
  enableMemory(TEST_ROOT_V2);
  await sweep(false);
  return async () => {
    await sweep(true);
    if (readdirSync(TEST_ROOT_V2, { withFileTypes: true }).every((d) => !d.isDirectory())) rmdirSync(TEST_ROOT_V2);
  };
}
