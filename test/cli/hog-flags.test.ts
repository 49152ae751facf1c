import { describe, expect, it } from 'vitest';
import { oomlab } from '../helpers/cli.js';

// Bad flags never start a hog: validation happens before anything is spawned, so these need no cgroup.
describe('oomlab hog rejects invalid options with one line and exit code 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--total', '2X'], /^oomlab: --total: expected a size such as .*got "2X"$/],
    [['--total', '-5M'], /^oomlab: --total: expected a size/],
    [['--block', '0'], /^oomlab: --block: expected a block size from 1 byte to 1T/],
    [['--block', '1MB'], /^oomlab: --block: expected a size/],
    [['--interval', '200'], /^oomlab: --interval: expected a duration .*a unit is required/],
    [['--interval', '5 parsecs'], /^oomlab: --interval: expected a duration/],
    [['--hold', 'forever'], /^oomlab: --hold: expected a duration/],
    [['--touch', '1.5'], /^oomlab: --touch: expected none, memset, pages, or a fraction from 0 to 1/],
    [['--touch', 'some'], /^oomlab: --touch: expected none, memset, pages/],
    [['--on-fail', 'panic'], /^oomlab: --on-fail: expected one of exit, hold, retry, got "panic"$/],
    [['--allocator', 'calloc'], /^oomlab: --allocator: expected one of malloc, mmap, populate/],
    [['--total', '1G', '--count', '3'], /^oomlab: --count: expected either --total or --count, not both/],
    [['--rlimit-as', 'lots'], /^oomlab: --rlimit-as: expected a size/],
    [['--oom-score-adj', '2000'], /^oomlab: --oom-score-adj: expected a whole number from -1000 to 1000/],
    [['--sample', '10'], /^oomlab: --sample: expected a duration/],
    [['--no-such-flag'], /^oomlab: unknown option '--no-such-flag'$/],
    [['--total'], /^oomlab: option '--total <size>' argument missing$/],
  ];
  it.each(cases)('oomlab hog %j', async (args, message) => {
    const r = await oomlab(['hog', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('an unknown command is exit 2 too', async () => {
    const r = await oomlab(['frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim()).toMatch(/^oomlab: unknown command 'frobnicate'/);
  });

  it('--version prints the version and exits 0', async () => {
    const r = await oomlab(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
