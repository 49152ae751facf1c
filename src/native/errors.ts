import { constants } from 'node:os';

const ERRNO_NAMES = new Map<number, string>(Object.entries(constants.errno).map(([name, n]) => [n, name]));

// Why: a failure in the C core must say which syscall failed and with which errno (as Node's own fs
// errors do), so callers can tell ENOMEM from EACCES without parsing a strerror string.
export class NativeError extends Error {
  override readonly name = 'NativeError';
  /** The positive errno value, e.g. 12. */
  readonly errno: number;
  /** The errno's symbolic name, e.g. `ENOMEM`. */
  readonly code: string;
  /** The call that failed, e.g. `mmap`. */
  readonly syscall: string;
  constructor(errno: number, syscall: string, message?: string) {
    const code = ERRNO_NAMES.get(errno) ?? `E${errno}`;
    super(message ?? `${syscall}: ${code}`);
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
  }
}

// Why: the addon throws plain Errors with errno/syscall properties; this gives them their type.
export function toNativeError(err: unknown): unknown {
  if (err instanceof Error && typeof (err as { errno?: unknown }).errno === 'number') {
    const e = err as Error & { errno: number; syscall?: string };
    return new NativeError(e.errno, e.syscall ?? 'unknown', e.message);
  }
  return err;
}

// Why: the executable reports errno too; name it the same way.
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}
