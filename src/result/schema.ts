import * as z from 'zod';
import { EVIDENCE_SOURCES } from '../evidence/oom-event.js';
import { RUNTIMES } from '../participant/runtime-oom.js';
import { OUTCOMES, RESULT_SCHEMA, type RunResult } from './types.js';

// The run-time check of `oomlab/result@2`, for results oomlab did not make in this process: the one a
// VM guest writes (the guest runs code a stranger may have sent), a file handed to a report. It mirrors
// types.ts field by field, and the type test at the end of this file fails the build if the two drift.
// Unknown keys are dropped on parse, so nothing the schema does not know reaches a renderer; numbers
// must be finite, so a string never arrives where a report interpolates a number.

const num = z.number().refine(Number.isFinite, 'a finite number');
const int = z.int();
const text = z.string();
const column = z.array(num);
const columns = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(['t', ...keys].map((k) => [k, column])) as Record<'t' | K, typeof column>);

const hostFacts = z.object({
  hostname: text.optional(),
  kernel: text,
  cgroupVersion: z.union([z.literal(1), z.literal(2), z.literal('none')]),
  memTotalBytes: num,
  memAvailableBytes: num,
  swapTotalBytes: num,
  overcommitMemory: num,
  swappiness: num,
  inVm: z.boolean(),
  vm: z
    .object({
      memBytes: num,
      swapBytes: num,
      swapKind: z.enum(['disk', 'zram', 'zswap', 'none']),
      sysctl: z.record(text, num),
      lruGen: z.enum(['on', 'off']).optional(),
      swaps: z.array(text),
      zram: z
        .object({
          algorithm: text.optional(),
          algorithms: z.array(text),
          origBytes: num,
          comprBytes: num,
          memUsedBytes: num,
          peakOrigBytes: num,
          peakComprBytes: num,
          peakMemUsedBytes: num,
        })
        .optional(),
      zswap: z.object({ enabled: z.boolean(), compressor: text.optional(), storedPages: num.optional(), poolBytes: num.optional() }).optional(),
    })
    .optional(),
});

const psiTotals = z.object({ someTotalUs: num, fullTotalUs: num, someAvg10Max: num, fullAvg10Max: num });

const participantResult = z.object({
  name: text,
  participant: text,
  kind: z.enum(['hog', 'command', 'node', 'probe']),
  pid: int.optional(),
  outcome: z.enum(OUTCOMES),
  exitCode: int.optional(),
  signal: text.optional(),
  peakRssBytes: num,
  peakVszBytes: num,
  peakSwapBytes: num,
  allocatedBytes: num.optional(),
  touchedBytes: num.optional(),
  startedAtMs: num.optional(),
  endedAtMs: num.optional(),
  restarts: int,
  majorFaults: num,
  startError: z.object({ step: text, syscall: text, errno: int, code: text }).optional(),
  probe: z.object({ passes: num, p50Ms: num, p95Ms: num, p99Ms: num, maxMs: num, baselineP50Ms: num, stalls: num, stalledMs: num }).optional(),
  runtime: z.enum(RUNTIMES).optional(),
  runtimeEvidence: text.optional(),
  stdoutTail: z.array(text).optional(),
  stderrTail: z.array(text).optional(),
  outputCut: z.object({ stdout: z.boolean().optional(), stderr: z.boolean().optional() }).optional(),
});

const oomEvent = z.object({
  participant: text.optional(),
  victimPid: int,
  victimName: text,
  constraint: text.optional(),
  anonRssKb: num.optional(),
  totalVmKb: num.optional(),
  oomScoreAdj: int.optional(),
  memcg: text.optional(),
  atMs: num,
  sources: z.array(z.enum(EVIDENCE_SOURCES)),
  report: z.array(text),
});

const cgroupResult = z.object({
  name: text,
  path: text,
  limits: z.record(text, z.union([num, z.boolean(), text])),
  peakBytes: num.optional(),
  peakSwapBytes: num.optional(),
  events: z.record(text, num),
});

/** `oomlab/result@2` as a zod schema, for users who read results too. */
export const runResultSchema = z.object({
  schema: z.literal(RESULT_SCHEMA),
  scenario: z.object({ name: text, description: text.optional(), source: text.optional() }),
  host: hostFacts,
  startedAt: text,
  durationMs: num,
  cgroups: z.array(cgroupResult),
  participants: z.array(participantResult),
  oomEvents: z.array(oomEvent),
  evidence: z.object({ kmsg: z.enum(['read', 'silent', 'unavailable']), reason: text.optional() }),
  series: z.object({
    participants: z.record(text, columns(['rss', 'vsz', 'swap', 'majflt'] as const)),
    cgroups: z.record(text, columns(['usage', 'swap'] as const)),
    host: columns(['memAvailable', 'swapFree', 'pswpin', 'pswpout'] as const).optional(),
    probes: z.record(text, columns(['ms'] as const)).optional(),
    psi: z.object({ host: columns(['some', 'full'] as const).optional(), groups: z.record(text, columns(['some', 'full'] as const)) }).optional(),
  }),
  psi: z.object({ host: psiTotals.nullable(), groups: z.record(text, psiTotals), note: text.optional() }).optional(),
  assertions: z.array(z.object({ description: text, passed: z.boolean(), expected: text, actual: text, failing: z.array(text).optional() })),
  verdict: z.enum(['pass', 'fail']),
});

// Compile-time: the schema's output and the hand-written type are the same shape, both ways.
type Parsed = z.infer<typeof runResultSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Parsed, RunResult> = true;
void sameShape;
