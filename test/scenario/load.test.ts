import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { loadScenario, parseScenarioText } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const FIXTURES = 'test/fixtures/scenarios';
const HOG_DEFAULTS = { blockBytes: MiB, touch: 'none', touchFraction: 0, intervalNs: 200_000, allocator: 'malloc', onFail: 'exit', after: 'hold', human: false } as const;

describe('loadScenario', () => {
  it('loads every section of a YAML scenario into the typed config, field by field', async () => {
    const s = await loadScenario(`${FIXTURES}/full.yaml`);
    const expected: Scenario = {
      name: 'touched-oom',
      description: 'test_mem2 in a 256M cgroup without swap',
      global: false,
      cgroup: { memory: { bytes: 256 * MiB }, high: { bytes: 200 * MiB }, swap: { bytes: 0 }, swappiness: 60, oomGroup: false, oomKillDisable: false },
      groups: [
        { name: 'service', limits: { memory: { bytes: 128 * MiB } } },
        { name: 'batch', limits: { memory: { percent: 25 }, swap: { bytes: 64 * MiB } } },
      ],
      participants: [
        {
          name: 'hog',
          kind: 'hog',
          hog: { ...HOG_DEFAULTS, touch: 'memset', touchFraction: 1, total: { bytes: 512 * MiB } },
          group: 'service',
          oomScoreAdj: 500,
          rlimitAs: { bytes: 3 * GiB },
          startAfter: { delayNs: 1e9 },
          count: 2,
          restart: 'on-oom',
        },
        {
          name: 'svc',
          kind: 'command',
          command: { argv: ['node', 'server.js'], env: { PORT: '8080' }, cwd: './svc' },
          startAfter: { delayNs: 5e8, trigger: { participant: 'hog', reached: { bytes: 100 * MiB }, measure: 'vsz' } },
          count: 1,
          restart: 'never',
        },
        {
          name: 'leaky',
          kind: 'node',
          node: { ...HOG_DEFAULTS, blockBytes: 64 * 1024, touch: 'fraction', touchFraction: 0.5, total: { percent: 10 } },
          group: 'batch',
          startAfter: { delayNs: 0, trigger: { participant: 'hog-1', exited: true } },
          count: 1,
          restart: 'never',
        },
      ],
      run: { durationNs: 30e9, until: 'first-oom-kill', sampleNs: 20e6 },
      expect: [
        { id: 'expect[0].outcome', description: 'hog: outcome is oom-killed', kind: 'outcome', participant: 'hog', outcome: 'oom-killed' },
        { id: 'expect[1].outcome', description: 'svc: outcome is exited with code 0', kind: 'outcome', participant: 'svc', outcome: 'exited', code: 0 },
        { id: 'expect[1].peakRss', description: 'svc: peak RSS at most 100 MiB', kind: 'peak', participant: 'svc', metric: 'rss', bounds: { max: { bytes: 100 * MiB } } },
        { id: 'expect[1].peakSwap', description: 'svc: peak swap between 0 B and 5% of MemAvailable', kind: 'peak', participant: 'svc', metric: 'swap', bounds: { min: { bytes: 0 }, max: { percent: 5 } } },
        { id: 'expect[2].oomKills', description: 'cgroup service: oom_kill count is 1', kind: 'oom-kills', cgroup: 'service', bounds: { min: 1, max: 1 } },
        { id: 'expect[3].oomKills', description: 'at least one kill in the scenario', kind: 'oom-kills', bounds: { min: 1 } },
        { id: 'expect[4].victim', description: 'the OOM victim is hog', kind: 'victim', participant: 'hog' },
        { id: 'expect[5].runtime', description: 'the run lasts at most 20s', kind: 'runtime', bounds: { max: 20e9 } },
      ],
      file: `${FIXTURES}/full.yaml`,
      baseDir: resolve(FIXTURES),
    };
    expect(s).toEqual(expected);
  });

  it('loads JSON and fills in the defaults', async () => {
    const s = await loadScenario(`${FIXTURES}/minimal.json`);
    expect(s).toEqual({
      name: 'minimal',
      global: false,
      cgroup: { memory: { bytes: 64 * MiB } },
      groups: [],
      participants: [{ name: 'hog', kind: 'hog', hog: { ...HOG_DEFAULTS, touch: 'memset', touchFraction: 1, total: { bytes: 32 * MiB } }, startAfter: { delayNs: 0 }, count: 1, restart: 'never' }],
      run: { durationNs: 60e9, until: 'all-exited', sampleNs: 50e6 },
      expect: [],
      file: `${FIXTURES}/minimal.json`,
      baseDir: resolve(FIXTURES),
    });
  });

  it('run.sampleStrict: true asks for strict sampling; false or absent leaves it out; anything else is one clear line', () => {
    const text = (v: string): string => `name: t\ncgroup: { memory: 1G }\nparticipants: [{ name: a, hog: {} }]\nrun: { sample: 10ms${v} }\n`;
    expect(parseScenarioText(text(', sampleStrict: true'), 'x.yaml').run).toEqual({ durationNs: 60e9, until: 'all-exited', sampleNs: 10e6, sampleStrict: true });
    expect(parseScenarioText(text(', sampleStrict: false'), 'x.yaml').run).toEqual({ durationNs: 60e9, until: 'all-exited', sampleNs: 10e6 });
    expect(parseScenarioText(text(''), 'x.yaml').run).not.toHaveProperty('sampleStrict');
    expect(() => parseScenarioText(text(', sampleStrict: yes please'), 'x.yaml')).toThrow(/^x\.yaml:4: run\.sampleStrict: expected true or false, got "yes please"$/);
    expect(() => parseScenarioText(text(', sampleStrict: 1'), 'x.yaml')).toThrow(/^x\.yaml:4: run\.sampleStrict: expected true or false, got 1$/);
  });

  it('accepts a $schema key for editors and ignores it', () => {
    const s = parseScenarioText('$schema: ../scenario.schema.json\nname: t\ncgroup: { memory: 1G }\nparticipants: [{ name: a, hog: {} }]\n', 'x.yaml');
    expect(s).not.toHaveProperty('$schema');
  });

  it('gives one line for the bad-unit fixture, with its line', async () => {
    await expect(loadScenario(`${FIXTURES}/bad-unit.yaml`)).rejects.toThrow(
      `${FIXTURES}/bad-unit.yaml:8: participants[0].hog.total: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "512Q"`,
    );
  });

  describe('reading', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'oomlab-scenario-'));
      await writeFile(join(dir, 'big.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const cases: Array<[string, () => string, RegExp]> = [
      ['a missing file', () => join(dir, 'nope.yaml'), /nope\.yaml: scenario file: expected a readable scenario file, got no such file$/],
      ['a directory', () => dir, /: scenario file: expected a regular file/],
      ['a file over 1 MiB', () => join(dir, 'big.yaml'), /big\.yaml: scenario file: expected a file of at most 1 MiB/],
    ];
    it.each(cases)('refuses %s with one InputError line', async (_t, path, words) => {
      const err = await loadScenario(path()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(words);
      expect((err as InputError).message).not.toContain('\n');
    });
  });
});
