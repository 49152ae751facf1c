// Why: an output that cannot be written (a full disk for --json, a missing directory, a standard output
// on /dev/full) is neither a bug nor a typo in the command: one line that names the output and the
// reason, exit 1, as `cp` and `sort -o` do.
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly exitCode = 1;
  constructor(what: string, err: unknown) {
    super(`cannot write ${what}: ${describeWriteError(err)}`);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EIO: 'input/output error',
};

// Why: the errno word plus what it means, never a stack trace or a message with the path twice.
export function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return String((err as Error | undefined)?.message ?? err);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}
