import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The hostile strings a guest puts in its result. */
export const HOSTILE = {
  markup: '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/navigated">',
  kernel: '6.1\x1b]0;pwned\x07\x1b[31mRED\u202e',
  signal: 'SIGKILL\nverdict: pass',
};

// Why: the three result.json files a hostile guest writes, from a captured real result: one valid but
// full of control characters, one with markup in numeric fields, one not JSON at all.
export function hostileGuestResults(): { controls: Buffer; markupInNumbers: Buffer; invalid: Buffer } {
  const text = readFileSync(join(import.meta.dirname, '../fixtures/results/touched-oom.json'), 'utf8');
  const controls = JSON.parse(text) as Record<string, any>;
  controls.host.kernel = HOSTILE.kernel;
  controls.participants[0].signal = HOSTILE.signal;
  controls.participants[0].name = `toucher${HOSTILE.markup}`;
  controls.schema = 'oomlab/result@2';
  controls.evidence = { kmsg: 'silent', reason: `no kmsg\x1b[2J${HOSTILE.markup}` };
  const markup = JSON.parse(text) as Record<string, any>;
  markup.participants[0].majorFaults = HOSTILE.markup;
  markup.participants[0].restarts = HOSTILE.markup;
  return {
    controls: Buffer.from(JSON.stringify(controls)),
    markupInNumbers: Buffer.from(JSON.stringify(markup)),
    invalid: Buffer.from(`{"schema":"oomlab/result@2","host":{"kernel":"\x1b]0;pwned\x07${HOSTILE.markup}`),
  };
}
