import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// src/cli/signal-hold.ts (as built, dist/cli/) in a node of its own (a signal to the worker would end it): a SIGTERM
// that comes after the hold and before a command decides is handed to the command that claims it, and
// ends a command that does not, as node's default would.
const MODULE = fileURLToPath(new URL('../../dist/cli/signal-hold.js', import.meta.url));
const script = (then: string): string => `
import { holdSignals, claimSignals, defaultSignals } from ${JSON.stringify(MODULE)};
holdSignals();
process.kill(process.pid, 'SIGTERM');
setTimeout(() => { ${then} }, 100);
setTimeout(() => {}, 1000);
`;
const run = (then: string) => execa(process.execPath, ['--input-type=module', '-e', script(then)], { reject: false });

describe('signals held from the first line of the bin', () => {
  it('a command that claims them hears the one that came early', async () => {
    const r = await run(`claimSignals((sig) => { console.log('claimed ' + sig); process.exit(130); });`);
    expect(r.stdout).toBe('claimed SIGTERM');
    expect(r.exitCode).toBe(130);
  });

  it('a command that does not dies of it, as without the hold', async () => {
    const r = await run(`defaultSignals(); console.log('still here');`);
    expect(r.signal).toBe('SIGTERM');
    expect(r.stdout).toBe('');
  });
});
