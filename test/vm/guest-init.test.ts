import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { commandScriptText, GUEST_INIT, guestConfigText, shellQuote } from '../../src/vm/guest-init.js';
import { runInVm } from '../../src/vm/run-in-vm.js';

describe('guest init and command scripts', () => {
  it('quotes any word for the shell', () => {
    for (const word of ["it's", '$HOME', '"a b"', '`x`', '\\', '']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });
  it('runs the command with its argv intact, in its directory, with the VM environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomlab-vm-unit-'));
    try {
      const script = join(dir, 'command.sh');
      writeFileSync(script, commandScriptText(['sh', '-c', 'printf "%s|" "$0" "$1" "$PWD" "$OOMLAB_IN_VM" "$X"', "a'b c", '$HOME'], dir, { X: 'y' }));
      expect(execFileSync('sh', [script], { encoding: 'utf8' })).toBe(`a'b c|$HOME|${dir}|1|y|`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('is a syntactically valid shell script, with a sourceable config', () => {
    execFileSync('sh', ['-n', '-c', GUEST_INIT]);
    const config = guestConfigText({ nonce: 'abc', cgroup: 'v1', swap: true, modules: ['virtio', 'virtio_blk'] });
    expect(execFileSync('sh', ['-c', `${config}\nprintf '%s|' "$NONCE" "$CGROUP" "$SWAP" "$MODULES"`], { encoding: 'utf8' })).toBe('abc|v1|1|virtio virtio_blk|');
  });
  it('refuses an environment name that is not one, before the script or a VM is made', async () => {
    expect(() => commandScriptText(['true'], '/', { 'X=1; touch /pwned; Y': 'v' })).toThrow('not an environment variable name: "X=1; touch /pwned; Y"');
    await expect(runInVm({ command: ['true'], memBytes: 256 * 2 ** 20, swapBytes: 0, cpus: 1, cgroup: 'v2', timeoutMs: 1000, env: { '1A': 'x' } })).rejects.toThrow(
      new InputError('env', 'variable names of letters, digits and _, not starting with a digit', '"1A"'),
    );
  });
});
