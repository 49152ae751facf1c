import { readdirSync } from 'node:fs';
import { ownMemcgV1Dir } from './privileges.js';

// Why: after a run, no cgroup of a finished run may remain under the harness's own cgroup.
export function leftoverRunCgroups(): string[] {
  const dir = ownMemcgV1Dir();
  if (!dir) return [];
  const mine = `-p${process.pid}-`;
  return readdirSync(dir).filter((n) => n.startsWith('oomlab-') && n.includes(mine));
}
