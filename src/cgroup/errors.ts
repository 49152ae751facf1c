import { EnvironmentError } from '../errors/environment-error.js';

// The kernel answers a refused cgroup write with an errno; this turns the ones that mean "this machine
// cannot do that" into an EnvironmentError naming the file, the value and what to do about it.

const HINTS: Record<string, string> = {
  EACCES: 'needs root, or a cgroup delegated to this user',
  EPERM: 'needs root, or a cgroup delegated to this user',
  EROFS: 'the cgroup filesystem is mounted read-only here (a container?)',
  EBUSY: 'the kernel is busy with it: usage above a new limit that cannot be reclaimed, or processes in the way',
  EINVAL: 'the kernel refused the value',
  ENOENT: 'the file does not exist: the controller or feature is not enabled here',
  EOPNOTSUPP: 'the kernel does not support it',
};

/** This user may not make or change cgroups here: no root and no delegated cgroup. */
export class CgroupPermissionError extends EnvironmentError {}

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

// Why: a refusal for want of permission is told apart from other failures, so the CLI can point to
// the way that needs none (`oomlab vm run`).
export function cgroupError(message: string, code: string | undefined, hint: string): EnvironmentError {
  return code !== undefined && DENIED.has(code) ? new CgroupPermissionError(message, hint) : new EnvironmentError(message, hint);
}

// Why: one place wraps a failed write so every caller reports the file, the value and a hint.
export function writeFailed(path: string, value: string, err: unknown): EnvironmentError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return cgroupError(`cannot write ${JSON.stringify(value)} to ${path}: ${code}`, code, HINTS[code] ?? String(err));
}
