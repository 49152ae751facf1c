import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { InputError, showValue } from '../errors/input-error.js';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { MalformedResultError } from '../result/parse.js';
import { resolveScenarioPath } from '../run/run-scenario.js';
import { loadScenario } from '../scenario/index.js';
import { runInVm, type VmRunOptions, type VmRunResult } from '../vm/run-in-vm.js';
import { carryCommandDirs } from '../vm/scenario-dirs.js';
import { parseSearchDocument, type SearchDocument } from './document.js';
import { parseSearchFlags } from './flag.js';

// `oomlab vm run <scenario> --find-limit ...`: one boot, the whole search inside it. The guest runs
// the same `oomlab run --find-limit` (so every try is a real run in the guest's cgroups, under the
// guest's MemAvailable), prints its tries on the console as it goes, and writes its search document
// to the results disk; the host checks that document as untrusted data before reporting it.

/** The search flags, as `oomlab run --find-limit` takes them. */
export interface VmSearchFlags {
  search: string;
  step?: string;
  repeat?: string;
  group?: string;
}

/** A search in a VM: the guest's document (when it got that far, checked) and the VM's own record. */
export interface VmSearchRun {
  doc?: SearchDocument;
  /** Why the guest's search.json was refused, in one line. */
  malformed?: string;
  vm: VmRunResult;
  /** The guest oomlab's exit code; 1 when its document was malformed; 3 when the VM itself failed. */
  exitCode: number;
}

const SCRIPT = [
  'printf "%s" "$OOMLAB_SCENARIO" > /tmp/scenario.yaml',
  'set -- --find-limit "$OOMLAB_FIND"',
  '[ -n "$OOMLAB_STEP" ] && set -- "$@" --step "$OOMLAB_STEP"',
  '[ -n "$OOMLAB_REPEAT" ] && set -- "$@" --repeat "$OOMLAB_REPEAT"',
  '[ -n "$OOMLAB_GROUP" ] && set -- "$@" --group "$OOMLAB_GROUP"',
  'exec node dist/oomlab.cjs run /tmp/scenario.yaml "$@" --json "$OOMLAB_RESULTS/search.json"',
].join('\n');

// Why: what the host can check (the flags' shape, the group's name, the scenario) costs no boot;
// the bounds against MemAvailable are the guest's to check, on its own memory. Returns the file.
export async function checkVmSearch(nameOrPath: string, flags: VmSearchFlags): Promise<string> {
  const file = resolveScenarioPath(nameOrPath);
  const scenario = await loadScenario(file);
  parseSearchFlags(flags.search, { step: flags.step, repeat: flags.repeat, group: flags.group });
  if (flags.group !== undefined && !scenario.groups.some((g) => g.name === flags.group)) {
    const names = scenario.groups.map((g) => g.name);
    throw new InputError('--group', names.length ? `one of the scenario's groups ${names.join(', ')}` : 'a group of the scenario (it defines none)', showValue(flags.group));
  }
  return file;
}

// Why: one boot for the whole search; the guest's document is checked before anything reads it.
export async function findLimitInVm(nameOrPath: string, flags: VmSearchFlags, opts: Omit<VmRunOptions, 'command' | 'env' | 'cwd'>): Promise<VmSearchRun> {
  const file = await checkVmSearch(nameOrPath, flags);
  let text = await readFile(file, 'utf8');
  // Commands' working directories: absolute in the guest's copy, and carried in (see vm/scenario-dirs.ts).
  const doc = parseDocument(text);
  const carried = carryCommandDirs(await loadScenario(file), doc);
  if (carried.dirs.length) text = doc.toString();
  const env = { OOMLAB_SCENARIO: text, OOMLAB_FIND: flags.search, OOMLAB_STEP: flags.step ?? '', OOMLAB_REPEAT: flags.repeat ?? '', OOMLAB_GROUP: flags.group ?? '' };
  const vm = await runInVm({ ...opts, command: ['sh', '-c', SCRIPT], cwd: PACKAGE_ROOT, env, projectEntries: [...(opts.projectEntries ?? []), ...carried.dirs] });
  const vmExit = vm.outcome === 'exited' && vm.exitCode !== null ? vm.exitCode : 3;
  const json = vm.files['search.json'];
  if (!json) return { vm, exitCode: vmExit };
  try {
    const doc = parseSearchDocument(json, "the guest's search.json");
    doc.scenario.source = file;
    return { doc, vm, exitCode: vmExit };
  } catch (err) {
    if (!(err instanceof MalformedResultError)) throw err;
    return { malformed: err.message, vm, exitCode: 1 };
  }
}

/** The guest's lines worth showing live: the plan and each decided try, which ends in `(N runs, T)`;
 *  not its terminal's progress lines (`try 3/9: 80.0 MiB run 1...`); the answer comes from the checked document. */
export const GUEST_PROGRESS = /^(searching the smallest .+|try \d+\/\d+: .+ \(\d+ runs?, [\d.]+s\))$/;
