import { basename } from 'node:path';
import type { RunResult } from '../result/types.js';

// A label names a run's row in the merged report and its host's JUnit testsuite. It comes from a
// result file (another machine's, so untrusted) or from the command line, and is shown on terminals,
// in HTML and in XML: so it is kept to a small, safe alphabet, whoever wrote it.

/** Letters, digits, `_ . @ + -`; starting with a letter, digit or `_`; at most 100 characters. */
export const LABEL_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,99}$/;

/** What a label given as NAME=FILE must look like, in words. */
export const LABEL_EXPECTED = 'a label of letters, digits and _ . @ + - (at most 100, not starting with . @ + -)';

// Why: a label typed by the user is checked, not silently changed: a bad one is exit 2.
export function isSafeLabel(text: string): boolean {
  return LABEL_PATTERN.test(text);
}

// Why: text from a result (a host name, a kernel release) becomes a safe label by replacing what is
// not allowed, so a hostile host name can neither break a page nor look like another host's markup.
export function toLabel(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9_.@+-]/g, '_');
  return (/^[A-Za-z0-9_]/.test(safe) ? safe : `_${safe}`).slice(0, 100);
}

// Why: by default a run is labelled by the machine that made it, its host name and kernel
// (`web-1@6.1.0-57-cloud-amd64`); a result without a host name (older, or from oomlab's VM guest,
// which has none) is labelled by its file's name instead.
export function defaultLabel(result: RunResult, file: string): string {
  const host = result.host.hostname ?? basename(file).replace(/\.json$/i, '');
  return toLabel(`${host}@${result.host.kernel}`);
}
