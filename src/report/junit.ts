import type { RunResult } from '../result/types.js';
import { escapeHtml as x } from './escape.js';
import { formatRunSummary } from './text.js';

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${x(v)}"`)
    .join('');

// Why: `--junit FILE` lets CI systems show each expectation as a test: one <testsuite> per run, one
// <testcase> per assertion. Every name and message is XML-escaped (process names are untrusted).
export function renderJunit(results: RunResult[]): string {
  const total = results.reduce((n, r) => n + r.assertions.length, 0);
  const failed = results.reduce((n, r) => n + r.assertions.filter((a) => !a.passed).length, 0);
  const time = (ms: number): string => (ms / 1000).toFixed(3);
  const suites = results.map((r) => {
    const fails = r.assertions.filter((a) => !a.passed).length;
    const cases = r.assertions.map((a) => {
      const head = `    <testcase${attrs({ name: a.description, classname: `oomlab.${r.scenario.name}`, time: '0' })}`;
      if (a.passed) return `${head}/>`;
      const message = `expected ${a.expected}, got ${a.actual}`;
      return `${head}>\n      <failure${attrs({ message, type: 'assertion' })}>${x(message)}</failure>\n    </testcase>`;
    });
    const props = [
      ['kernel', r.host.kernel],
      ['cgroupVersion', String(r.host.cgroupVersion)],
      ['swappiness', String(r.host.swappiness)],
      ['verdict', r.verdict],
      ['oomKills', String(r.oomEvents.length)],
    ].map(([name, value]) => `      <property${attrs({ name: name!, value: value! })}/>`);
    return [
      `  <testsuite${attrs({ name: r.scenario.name, tests: r.assertions.length, failures: fails, errors: 0, skipped: 0, time: time(r.durationMs), timestamp: r.startedAt })}>`,
      `    <properties>\n${props.join('\n')}\n    </properties>`,
      ...cases,
      `    <system-out>${x(formatRunSummary(r, false))}</system-out>`,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'oomlab', tests: total, failures: failed, errors: 0, time: time(results.reduce((n, r) => n + r.durationMs, 0)) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
