import type { RunResult } from '../result/types.js';
import { escapeHtml as x } from './escape.js';
import { formatRunSummary } from './text.js';

/** One <testsuite>: its name, its runs (each with the prefix its test cases carry) and its properties. */
export interface JunitSuite {
  name: string;
  runs: Array<{ result: RunResult; classname: string; casePrefix?: string }>;
  properties: Array<[name: string, value: string]>;
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${x(v)}"`)
    .join('');
const time = (ms: number): string => (ms / 1000).toFixed(3);
const failures = (r: RunResult): number => r.assertions.filter((a) => !a.passed).length;

function testcases(run: JunitSuite['runs'][number]): string[] {
  return run.result.assertions.map((a) => {
    const head = `    <testcase${attrs({ name: `${run.casePrefix ?? ''}${a.description}`, classname: run.classname, time: '0' })}`;
    if (a.passed) return `${head}/>`;
    const message = `expected ${a.expected}, got ${a.actual}`;
    return `${head}>\n      <failure${attrs({ message, type: 'assertion' })}>${x(message)}</failure>\n    </testcase>`;
  });
}

function suite(s: JunitSuite): string {
  const results = s.runs.map((run) => run.result);
  const tests = results.reduce((n, r) => n + r.assertions.length, 0);
  const fails = results.reduce((n, r) => n + failures(r), 0);
  const props = s.properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`);
  const head = { name: s.name, tests, failures: fails, errors: 0, skipped: 0, time: time(results.reduce((n, r) => n + r.durationMs, 0)) };
  return [
    `  <testsuite${attrs(results[0] ? { ...head, timestamp: results[0].startedAt } : head)}>`,
    `    <properties>\n${props.join('\n')}\n    </properties>`,
    ...s.runs.flatMap(testcases),
    `    <system-out>${x(results.map((r) => formatRunSummary(r, false)).join('\n\n'))}</system-out>`,
    '  </testsuite>',
  ].join('\n');
}

// Why: one JUnit document for any grouping of runs (a suite per run for `oomlab run`, a suite per host
// for `oomlab merge`); every name and message is XML-escaped (process names are untrusted).
export function renderJunitSuites(suites: JunitSuite[]): string {
  const all = suites.flatMap((s) => s.runs.map((run) => run.result));
  const total = all.reduce((n, r) => n + r.assertions.length, 0);
  const failed = all.reduce((n, r) => n + failures(r), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'oomlab', tests: total, failures: failed, errors: 0, time: time(all.reduce((n, r) => n + r.durationMs, 0)) })}>`,
    ...suites.map(suite),
    '</testsuites>',
    '',
  ].join('\n');
}

// Why: `--junit FILE` lets CI systems show each expectation as a test: one <testsuite> per run, one
// <testcase> per assertion, so a CI job fails on a memory regression with no code.
export function renderJunit(results: RunResult[]): string {
  return renderJunitSuites(
    results.map((r) => ({
      name: r.scenario.name,
      runs: [{ result: r, classname: `oomlab.${r.scenario.name}` }],
      properties: [
        ['kernel', r.host.kernel],
        ['cgroupVersion', String(r.host.cgroupVersion)],
        ['swappiness', String(r.host.swappiness)],
        ['verdict', r.verdict],
        ['oomKills', String(r.oomEvents.length)],
      ],
    })),
  );
}
