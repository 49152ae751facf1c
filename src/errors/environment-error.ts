// Why: "this machine cannot run that" (no root, no cgroup controller, no swap, no /dev/kmsg) is not a
// bug and not a user typo; it gets its own exit code (3) and a reason that says what is missing.
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  readonly exitCode = 3;
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message} (${hint})` : message);
  }
}
