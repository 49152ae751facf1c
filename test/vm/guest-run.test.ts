import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/scenario/plan.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { guestScenarioJson } from '../../src/vm/run-scenario-in-vm.js';
import { CLI } from '../helpers/cli.js';

// A VM guest runs a scenario through its own entry (src/cli/guest-run.ts), handed the Scenario the
// host's loader made as JSON instead of the file's text. These check that nothing is lost on the way
// (every scenario oomlab ships or tests with plans the same from the JSON as from the text), that the
// entry's bundle really leaves the CLI's parser, the YAML parser and the schema out (the reason it
// exists), and that it refuses to run anywhere but in oomlab's VM. test/vm/*.priv.test.ts run it in VMs.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GiB = 2 ** 30;
const host = { memTotal: 4 * GiB, memAvailable: 3 * GiB, swapTotal: GiB };

function scenarioFiles(): string[] {
  const dirs = [join(ROOT, 'scenarios'), join(ROOT, 'test', 'fixtures', 'scenarios')];
  return dirs.flatMap((d) => readdirSync(d).filter((n) => /\.(ya?ml|json)$/.test(n)).map((n) => join(d, n)));
}

// A file the loader refuses (the fixtures include bad ones on purpose) has no Scenario to hand over.
function loadable(file: string): string | undefined {
  const text = readFileSync(file, 'utf8');
  try {
    parseScenarioText(text, '/tmp/scenario.yaml');
    return text;
  } catch {
    return undefined;
  }
}

function plan(s: Scenario): unknown {
  try {
    return planScenario(s, { host, inVm: true });
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

describe("the guest's scenario, handed over as JSON", () => {
  const files = scenarioFiles().filter((f) => loadable(f) !== undefined);

  it('covers the built-in scenarios and the test fixtures', () => {
    expect(files.filter((f) => f.includes('/scenarios/touched-oom.yaml'))).toHaveLength(1);
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(ROOT.length)]))('%s: the same Scenario and the same plan as the text gives', (rel) => {
    const text = loadable(join(ROOT, rel))!;
    const fromText = parseScenarioText(text, '/tmp/scenario.yaml');
    const fromJson = JSON.parse(guestScenarioJson(text)) as Scenario;
    expect(fromJson).toEqual(fromText);
    expect(fromJson.file).toBe('/tmp/scenario.yaml');
    expect(fromJson.baseDir).toBe('/tmp');
    expect(plan(fromJson)).toEqual(plan(fromText));
  });
});

describe("the guest's entry", () => {
  it('is bundled without commander, the YAML parser, zod or the scenario loader', async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'dist', 'cli', 'guest-run.js')],
      bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent',
      define: { 'import.meta.url': '"file:///x"' },
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((i) => i.endsWith('dist/run/orchestrate.js'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(commander|yaml|zod)\/|dist\/scenario\/(load|validate|schema)\.js$/.test(i))).toEqual([]);
  });

  it('refuses to run outside a VM: one line, exit 2', async () => {
    const r = await execa(process.execPath, [CLI, 'guest-run', '--json', '/tmp/never-written.json'], { reject: false, env: { OOMLAB_IN_VM: '', OOMLAB_SCENARIO_JSON: '{}' } });
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim().split('\n')).toEqual(['oomlab: guest-run: expected to be run only by oomlab vm run, inside its VM (use oomlab run), got a run outside one']);
  });

  it('refuses flags it does not take, and a scenario that is not JSON, before anything is made', async () => {
    const bad = async (args: string[], json: string) => {
      const r = await execa(process.execPath, [CLI, 'guest-run', ...args], { reject: false, env: { OOMLAB_IN_VM: '1', OOMLAB_SCENARIO_JSON: json } });
      return { code: r.exitCode, lines: String(r.stderr).trim().split('\n') };
    };
    expect(await bad(['--html', 'x.html'], '{}')).toEqual({ code: 2, lines: ['oomlab: guest-run: expected --json FILE [--output-files DIR], got "--html x.html"'] });
    expect(await bad([], '{}')).toEqual({ code: 2, lines: ['oomlab: guest-run: expected --json FILE, got none'] });
    expect(await bad(['--json', '/tmp/never-written.json'], 'name: yaml')).toEqual({ code: 2, lines: ['oomlab: OOMLAB_SCENARIO_JSON: expected the scenario as JSON, from the host that booted this VM, got something else'] });
  });
});
