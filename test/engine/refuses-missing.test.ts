import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { hogArgv } from '../../src/engine/argv.js';
import { toEngineConfig, type EngineConfig } from '../../src/engine/config.js';
import { HOG_EXIT, HOG_OPTIONS } from '../../src/engine/contract.js';
import { normalizeHogOptions } from '../../src/engine/options.js';
import { findBuildArtifact } from '../../src/native/build-paths.js';
import { addonExport } from '../../src/native/loader.js';

// The C core has no defaults: both faces refuse a config or command line that lacks an engine option,
// naming it, before anything is allocated or set up (so these need no cgroup). Defaults for people
// live in TypeScript (normalizeHogOptions) only; oomlab-hog applies them when asked with --defaults
// (test/engine/defaults.priv.test.ts).
const config: EngineConfig = toEngineConfig(normalizeHogOptions({ block: '4K', count: '1', after: 'free' }));
const without = <T extends object>(o: T, key: keyof T): Partial<T> => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

describe('the addon refuses a config with a missing or malformed key', () => {
  const hog = addonExport<(config: unknown) => { promise: Promise<unknown> }>('hog');

  it.each(HOG_OPTIONS.map((o) => o.key))('missing %s: a TypeError naming it', (key) => {
    expect(() => hog(without(config, key))).toThrow(TypeError);
    expect(() => hog(without(config, key))).toThrow(new RegExp(`^hog: ${key}: expected a value \\(the key is missing`));
  });

  it.each<[string, Partial<Record<keyof EngineConfig, unknown>>, RegExp]>([
    ['a word it does not know', { touch: 'sometimes' }, /^hog: touch: expected one of none, memset, pages, fraction$/],
    ['a number as a string', { holdNs: '1000' }, /^hog: holdNs: expected a finite number$/],
    ['a fraction of a nanosecond', { intervalNs: 0.5 }, /^hog: intervalNs: expected a whole number >= 0$/],
    ['a negative size', { blockBytes: -1 }, /^hog: blockBytes: expected a whole number >= 0$/],
    ['not a number at all', { touchFraction: Number.NaN }, /^hog: touchFraction: expected a finite number$/],
  ])('%s: a TypeError naming the key', (_name, bad, message) => {
    expect(() => hog({ ...config, ...bad })).toThrow(TypeError);
    expect(() => hog({ ...config, ...bad })).toThrow(message);
  });
});

describe('the executable exits 2 naming a missing or malformed option', () => {
  const bin = findBuildArtifact('oomlab-hog');
  const full = hogArgv({ pdeathsig: false }, { engine: config });
  const run = (argv: string[]) => execa(bin, argv, { reject: false, timeout: 10_000 });

  it.each(HOG_OPTIONS.map((o) => o.flag))('without %s', async (flag) => {
    const at = full.indexOf(flag);
    const r = await run([...full.slice(0, at), ...full.slice(at + 2)]);
    expect(r.exitCode).toBe(HOG_EXIT.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^oomlab-hog: missing required option: ${flag} \\(`));
  });

  it.each<[string, string, string]>([
    ['--touch', 'sometimes', 'unknown value for: --touch'],
    ['--hold', 'soon', 'expected a number for: --hold'],
    ['--block', '-1', 'expected a whole number for: --block'],
    ['--fraction', '', 'expected a number for: --fraction'],
    ['--interval', '1e3', 'expected a whole number for: --interval'],
  ])('%s %j', async (flag, value, message) => {
    const argv = [...full];
    argv[argv.indexOf(flag) + 1] = value;
    const r = await run(argv);
    expect(r.exitCode).toBe(HOG_EXIT.USAGE);
    expect(r.stderr.split('\n')[0]).toBe(`oomlab-hog: ${message} (it takes every engine option, or --defaults for \`oomlab hog\`'s; see \`oomlab hog --help\`)`);
  });

  it('exec mode and the layout probe need no engine option', async () => {
    expect((await run(['--exec', '--', 'true'])).exitCode).toBe(0);
    expect((await run(['--layout'])).exitCode).toBe(0);
  });
});
