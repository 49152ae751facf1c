import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readHostFacts, readHostname } from '../../src/host/host-facts.js';

// A result names the machine it ran on, so `oomlab merge` can tell machines apart.
describe('host facts: the host name', () => {
  it('is recorded when set', () => {
    expect(readHostname('web-1.example')).toEqual({ hostname: 'web-1.example' });
    const facts = readHostFacts(1);
    if (hostname() !== '(none)' && hostname() !== '') expect(facts.hostname).toBe(hostname());
  });

  it("is left out when none was set (the kernel's (none), as in oomlab's VM guest)", () => {
    expect(readHostname('(none)')).toEqual({});
    expect(readHostname('')).toEqual({});
  });
});
