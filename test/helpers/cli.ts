import { execa, type Result } from 'execa';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds it first: see the pretest script). */
export const CLI = fileURLToPath(new URL('../../dist/oomlab.mjs', import.meta.url));

// Why: CLI tests run the real `oomlab` binary as a user would, and look at exit code and output.
export function oomlab(args: string[], options: { input?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<Result> {
  return execa('node', [CLI, ...args], { reject: false, input: options.input, env: options.env, timeout: options.timeout ?? 60_000 });
}
