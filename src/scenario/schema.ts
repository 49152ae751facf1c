import * as z from 'zod';
import { COMPRESSORS, SWAP_KINDS, VM_SYSCTLS } from './machine.js';
import { NAME_EXPECTED, NAME_RE } from './names.js';
import { RUNTIMES } from './runtimes.js';

// The structure of a scenario file as a person writes it, in zod. It checks shapes, types, enum words
// and unknown keys (every object is strict); it deliberately accepts any string for sizes and
// durations, because the project's own parsers (parseSize, parseDuration, normalizeHogOptions) give the
// same messages as the CLI and know about shares ("25%"). normalize.ts does that second pass. The
// `.meta()` descriptions are what editors show from the exported JSON Schema.

const SIZE_TEXT = 'a size such as 4096, 512K, 256M, 2G or 1GiB (binary units), or a share of MemAvailable such as "25%"';
const DURATION_TEXT = 'a duration such as 200us, 50ms, 5s or 2m (a unit is required)';

const size = (description: string) => z.union([z.string(), z.number()], { error: SIZE_TEXT }).meta({ description: `${description}: ${SIZE_TEXT}` });
const duration = (description: string) => z.union([z.string(), z.number()], { error: DURATION_TEXT }).meta({ description: `${description}: ${DURATION_TEXT}` });
const int = (min: number, max: number, description: string) => {
  const error = `a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).meta({ description });
};
const name = (description: string) => z.string().regex(NAME_RE, { error: NAME_EXPECTED }).meta({ description: `${description}: lower-case letters, digits, - and _, starting with a letter` });

/** Limits for the scenario's cgroup or a sub-group. */
const limitsSchema = z.strictObject({
  memory: size('Hard memory limit (memory.max / memory.limit_in_bytes)').optional(),
  high: size('Throttling threshold (cgroup v2 memory.high)').optional(),
  swap: size('Swap allowed on top of memory (memory.swap.max; v1 memsw = memory + swap)').optional(),
  swappiness: int(0, 100, 'cgroup v1 memory.swappiness').optional(),
  oomGroup: z.boolean().meta({ description: 'cgroup v2 memory.oom.group: kill the whole group on OOM' }).optional(),
  oomKillDisable: z.boolean().meta({ description: 'cgroup v1 oom_kill_disable: tasks hang at the limit instead of being killed' }).optional(),
});

/** The C core's options, exactly as `oomlab hog` takes them (camelCase). */
const hogSchema = z.strictObject({
  block: size('Block size per allocation (default 1M)').optional(),
  total: size('Stop after this much (default: until allocation fails)').optional(),
  count: z.union([z.number(), z.string()]).meta({ description: 'Stop after this many blocks' }).optional(),
  touch: z.union([z.string(), z.number()]).meta({ description: 'none, memset, pages, or a fraction of each block from 0 to 1' }).optional(),
  interval: duration('Pause between blocks (default 200us)').optional(),
  allocator: z.string().meta({ description: 'malloc, mmap or populate' }).optional(),
  onFail: z.string().meta({ description: 'On allocation failure: exit, hold or retry' }).optional(),
  after: z.string().meta({ description: 'Once the target is reached: hold or free' }).optional(),
  hold: duration('With after: hold, how long (default: until stopped)').optional(),
  rewrite: duration('While holding, re-touch everything this often').optional(),
  human: z.boolean().meta({ description: 'Print the article\'s "Mem Total N MiB" lines' }).optional(),
});

/** A probe: a latency-sensitive working set, timed (src/probe/). */
const probeSchema = z.strictObject({
  workingSet: size('Working set kept resident'),
  every: duration('A timed pass over (a sample of) its pages this often, at least 1ms'),
  touch: z.enum(['read', 'write']).meta({ description: 'Each pass reads or writes its pages (default read)' }).optional(),
  sample: z.number().meta({ description: 'Pages per pass, spread evenly (default: all)' }).optional(),
});

/** A real service under test. */
const commandSchema = z.strictObject({
  argv: z.array(z.string()).meta({ description: 'Program and arguments (no shell)' }),
  env: z.record(z.string(), z.string()).meta({ description: 'Extra environment variables' }).optional(),
  cwd: z.string().meta({ description: "Working directory, relative to the scenario file's directory" }).optional(),
});

const triggerSchema = z.strictObject({
  participant: name('The participant (or one copy, e.g. hog-2) to wait for'),
  reached: size('Start once it has reached this much memory').optional(),
  measure: z.enum(['rss', 'vsz']).meta({ description: 'What `reached` measures (default rss)' }).optional(),
  exited: z.literal(true).meta({ description: 'Start once it has exited' }).optional(),
  delay: duration('And then wait this long').optional(),
});

/** One participant: exactly one of hog, command, node, plus how and where it runs. */
const participantSchema = z.strictObject({
  name: name('Participant name (also its log and cgroup name)'),
  hog: hogSchema.meta({ description: 'Run the C core (oomlab-hog) with these options' }).optional(),
  command: commandSchema.meta({ description: 'Run a real service under test' }).optional(),
  node: hogSchema.meta({ description: "Run a Node child with the addon's in-process hog (a leaking Node service)" }).optional(),
  probe: probeSchema.meta({ description: 'A probe: keep a working set resident and time a pass over it every period (p50/p95/p99, stalls)' }).optional(),
  group: name('Sub-group (from `groups`) to run in').optional(),
  oomScoreAdj: int(-1000, 1000, '/proc/<pid>/oom_score_adj').optional(),
  rlimitAs: size('RLIMIT_AS (address-space limit)').optional(),
  startAfter: z.union([z.string(), z.number(), triggerSchema], { error: `${DURATION_TEXT}, or { participant, reached | exited, delay }` }).meta({ description: 'A delay, or { participant, reached: SIZE | exited: true, delay? }' }).optional(),
  count: int(1, 1000, 'Run this many copies, named name-1..name-N').optional(),
  restart: z.enum(['never', 'on-oom']).meta({ description: 'Restart a copy the OOM killer took (a crash loop)' }).optional(),
});

const sizeBounds = z.strictObject({ min: size('At least').optional(), max: size('At most').optional() });
const durationBounds = z.strictObject({ min: duration('At least').optional(), max: duration('At most').optional() });
const countBounds = z.union([int(0, 1_000_000, 'Exactly'), z.strictObject({ min: int(0, 1_000_000, 'At least').optional(), max: int(0, 1_000_000, 'At most').optional() })], {
  error: 'a whole number, or { min, max }',
});

/** One assertion; which kind it is follows from its keys (see normalize-expect.ts). */
const expectSchema = z.strictObject({
  name: z.string().meta({ description: 'A description to use instead of the generated one (a JUnit test case name)' }).optional(),
  participant: name('The participant (all copies) or one copy').optional(),
  outcome: z
    .enum(['oom-killed', 'runtime-oom', 'survived', 'malloc-failed', 'exited', 'completed'])
    .meta({ description: "How it ended: oom-killed (by the kernel), runtime-oom (its own runtime's heap ran out: Node, Java, Python, Go), survived, malloc-failed, exited, completed" })
    .optional(),
  code: int(0, 255, "With outcome exited: the exit code").optional(),
  peakRss: sizeBounds.meta({ description: 'Bounds on peak RSS (VmHWM)' }).optional(),
  peakVsz: sizeBounds.meta({ description: 'Bounds on peak VSZ (VmPeak)' }).optional(),
  peakSwap: sizeBounds.meta({ description: 'Bounds on peak swap (VmSwap)' }).optional(),
  probeP99: durationBounds.meta({ description: "Bounds on a probe's p99 pass latency, e.g. { max: 50ms }" }).optional(),
  probeStalled: durationBounds.meta({ description: "Bounds on a probe's stalled time (passes slower than 10x its baseline)" }).optional(),
  cgroup: name("A sub-group's name; omit for the scenario's cgroup").optional(),
  oomKills: countBounds.meta({ description: "The cgroup's oom_kill count" }).optional(),
  victim: name('Every OOM kill hit this participant, and there was at least one').optional(),
  runtime: z
    .union([durationBounds.meta({ description: "Bounds on the run's length" }), z.enum(RUNTIMES).meta({ description: 'With outcome runtime-oom: whose heap ran out' })], {
      error: `{ min, max } (the run's length), or with outcome runtime-oom one of ${RUNTIMES.join(', ')}`,
    })
    .optional(),
});

/** Run control. */
const runSchema = z.strictObject({
  duration: duration('Hard cap on the run (default 60s)').optional(),
  until: z.enum(['all-exited', 'first-oom-kill', 'duration']).meta({ description: 'When the run ends (default all-exited)' }).optional(),
  sample: duration('Sampling interval (default 50ms)').optional(),
  sampleStrict: z
    .boolean({ error: 'true or false' })
    .meta({ description: 'Read every process every sampling interval, idle or not (default false: an unchanged process is re-read at least every 100ms); uses the native sampling thread' })
    .optional(),
});

/** The VM a scenario needs (`oomlab vm run`; a run on a host ignores it). Flags override each key. */
const vmSchema = z.strictObject({
  mem: size("The VM's RAM (default 1G)").optional(),
  swap: size("The VM's swap: the disk's size, or the zram device's disksize (default 1G)").optional(),
  swapKind: z.enum(SWAP_KINDS).meta({ description: 'disk (a virtio disk), zram, zswap (disk swap with zswap in front) or none' }).optional(),
  zramAlgo: z.enum(COMPRESSORS).meta({ description: "The zram (or zswap) compressor, if the guest kernel has it (default: the kernel's)" }).optional(),
  lruGen: z.union([z.enum(['on', 'off']), z.boolean()]).meta({ description: 'MGLRU (/sys/kernel/mm/lru_gen/enabled) on or off, where the kernel has it' }).optional(),
  sysctl: z.record(z.string(), z.union([z.number(), z.string()])).meta({ description: `vm.* sysctls set before the scenario starts: ${Object.keys(VM_SYSCTLS).join(', ')}` }).optional(),
});

/** A whole scenario file. */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().meta({ description: 'JSON Schema reference for editors (ignored)' }).optional(),
    name: name('Scenario name (also its cgroup name)'),
    description: z.string().optional(),
    global: z.boolean().meta({ description: 'No cgroup limit: the whole machine is the arena (only inside a VM)' }).optional(),
    cgroup: limitsSchema.meta({ description: "The scenario's cgroup" }).optional(),
    groups: z.record(z.string().regex(NAME_RE, { error: NAME_EXPECTED }), limitsSchema).meta({ description: 'Named sub-groups under the scenario cgroup' }).optional(),
    participants: z.array(participantSchema).min(1, { error: 'a list of at least one participant' }),
    run: runSchema.optional(),
    expect: z.array(expectSchema).optional(),
    vm: vmSchema.meta({ description: 'The machine `oomlab vm run` boots for this scenario (flags override it)' }).optional(),
  })
  .meta({ title: 'oomlab scenario', description: 'A memory-stress / OOM scenario for oomlab' });

/** A scenario as a person writes it (YAML, JSON, or an object passed to defineScenario). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** The zod output: structure checked, values not yet parsed. */
export type RawScenario = z.output<typeof scenarioSchema>;
export type RawParticipant = z.output<typeof participantSchema>;
export type RawLimits = z.output<typeof limitsSchema>;
export type RawExpect = z.output<typeof expectSchema>;
export type RawHog = z.output<typeof hogSchema>;
export type RawVm = z.output<typeof vmSchema>;
