import { accessSync, constants, readFileSync } from 'node:fs';

// Why: privileged tests state why they cannot run instead of failing or silently passing.
// On the project's machines (root, cgroup-v1 memory controller) every check here passes.
export function memcgV1SkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (cgroup writes)';
  const dir = ownMemcgV1Dir();
  if (!dir) return 'needs a cgroup-v1 memory controller (none mounted at /sys/fs/cgroup/memory)';
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `needs a writable memory cgroup (${dir} is not writable)`;
  }
  return undefined;
}

// Why: children are made under the harness's own memory cgroup, never at the root.
export function ownMemcgV1Dir(): string | undefined {
  const line = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (!line) return undefined;
  const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const dir = `/sys/fs/cgroup/memory${path === '/' ? '' : path}`;
  try {
    accessSync(`${dir}/memory.limit_in_bytes`);
    return dir;
  } catch {
    return undefined;
  }
}
