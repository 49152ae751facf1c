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

// Why: one place wraps a failed write so every caller reports the file, the value and a hint.
export function writeFailed(path: string, value: string, err: unknown): EnvironmentError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new EnvironmentError(`cannot write ${JSON.stringify(value)} to ${path}: ${code}`, HINTS[code] ?? String(err));
}
