import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// `oomlab ... | head`: when the reader goes away, the command ends quietly with its own exit code,
// never with an EPIPE stack trace. bash's pipefail gives the exit status of oomlab, not of head.
const BASH = commandOnPath('bash');
const dir = mkdtempSync(join(tmpdir(), 'oomlab-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BASH)(needs(BASH ? undefined : toolReason('bash'), 'oomlab in a pipe that closes early'), () => {
  it('explain of a large log into head -1: one line out, exit 0, nothing on stderr', async () => {
    const report = readFileSync(join(import.meta.dirname, '../fixtures/kernel-logs/article-2.6.32-i686.txt'), 'utf8');
    const log = join(dir, 'big.log');
    writeFileSync(log, report.repeat(300)); // far more output than a pipe holds
    const r = await execa(BASH!, ['-c', `set -o pipefail; node "$0" explain "$1" | head -1`, CLI, log], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('list into a reader that is already gone: exit 0, nothing on stderr', async () => {
    const r = await execa(BASH!, ['-c', `set -o pipefail; node "$0" list | true`, CLI], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
  });
});

// Any other write error is one line and exit 1; a file that could never be written is bad input (2).
describe.skipIf(!BASH)(needs(BASH ? undefined : toolReason('bash'), 'oomlab with an output it cannot write'), () => {
  const FULL = '/dev/full'; // every write(2) fails with ENOSPC
  it.each([['list'], ['explain', join(import.meta.dirname, '../fixtures/kernel-logs/article-2.6.32-i686.txt'), '--json']])(
    '%s with standard output on /dev/full: one line, exit 1',
    async (...args) => {
      const r = await execa(BASH!, ['-c', `node "$0" "$@" > ${FULL}`, CLI, ...args], { reject: false });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('oomlab: cannot write to standard output: no space left on the device (ENOSPC)');
    },
  );

  it.each([
    ['run', 'touched-oom', '--json', join(dir, 'no-such-dir', 'r.json')],
    ['run', 'touched-oom', '--html', dir],
    ['vm', 'run', 'touched-oom', '--kmsg', join(dir, 'no-such-dir', 'k.txt')],
  ])('%s %s %s %s: refused before anything starts, exit 2, nothing created', async (...args) => {
    const r = await execa(process.execPath, [CLI, ...args], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`oomlab: ${args.at(-2)}: expected a file path in an existing directory this user can write, got ${JSON.stringify(args.at(-1))}`);
    expect(r.stdout).toBe('');
  });
});
