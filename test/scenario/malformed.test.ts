import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';
import type { PlanOptions } from '../../src/scenario/types.js';

// The acceptance table: each malformed scenario is refused with exactly one InputError line that names
// the file and line, the field, and what was expected. Loading and planning are pure, so a refusal
// here happens before anything could create a cgroup.

const GiB = 1024 ** 3;
const HOST: PlanOptions = { host: { memTotal: 16 * GiB, memAvailable: 8 * GiB, swapTotal: 2 * GiB } };

// A valid scenario the cases vary; line numbers in the table refer to the case's own text.
const HEAD = 'name: t\ncgroup: { memory: 256M }\nparticipants:\n';
const HOG = '  - name: hog\n    hog: { total: 128M }\n';

type Case = [title: string, text: string, field: string, line: number | null, words: RegExp, options?: PlanOptions];

const cases: Case[] = [
  ['bad YAML syntax', 'name: t\nparticipants: [ { name: hog\n', 'YAML', 3, /valid YAML or JSON, got .*flow/i],
  ['tab indentation', 'name: t\n\tcgroup: 1\n', 'YAML', 2, /Tabs are not allowed/],
  ['undefined YAML alias', 'name: t\nparticipants: *hogs\n', 'YAML', 2, /Unresolved alias/],
  ['YAML alias bomb', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', 'YAML', 2, /Excessive alias count/],
  ['duplicate YAML key', 'name: t\nname: u\nparticipants: []\n', 'YAML', 2, /unique/],
  ['empty file', '', 'scenario', 1, /a mapping/],
  ['not a mapping', '- 1\n- 2\n', 'scenario', 1, /a mapping/],
  ['unknown top-level key', `${HEAD}${HOG}nmae: x\n`, 'nmae', 6, /known keys name, description, global, cgroup/],
  ['unknown key in cgroup', 'name: t\ncgroup: { memory: 256M, memroy: 1G }\nparticipants:\n' + HOG, 'cgroup.memroy', 2, /known keys memory, high, swap/],
  ['unknown key in hog', `${HEAD}  - name: hog\n    hog:\n      total: 128M\n      totl: 1G\n`, 'participants[0].hog.totl', 7, /known keys block, total, count/],
  ['unknown key in a bound', `${HEAD}${HOG}expect:\n  - participant: hog\n    peakRss: { maximum: 1G }\n`, 'expect[0].peakRss.maximum', 8, /known keys min, max/],
  ['unknown key in a group', `name: t\ngroups:\n  svc: { memory: 1G, limit: 2G }\nparticipants:\n${HOG}`, 'groups.svc.limit', 3, /known keys memory/],
  ['negative size', 'name: t\ncgroup: { memory: -1G }\nparticipants:\n' + HOG, 'cgroup.memory', 2, /a size such as/],
  ['absurd size', `${HEAD}  - name: hog\n    hog:\n      total: 2048T\n`, 'participants[0].hog.total', 6, /at most 1P/],
  ['bad size unit', `${HEAD}  - name: hog\n    hog:\n      total: 512Q\n`, 'participants[0].hog.total', 6, /a size such as 4096, 512K/],
  ['decimal unit', 'name: t\ncgroup:\n  memory: 256MB\nparticipants:\n' + HOG, 'cgroup.memory', 3, /binary units/],
  ['share above 100%', 'name: t\ncgroup:\n  memory: 150%\nparticipants:\n' + HOG, 'cgroup.memory', 3, /at most 100%/],
  ['tiny memory limit', 'name: t\ncgroup:\n  memory: 4K\nparticipants:\n' + HOG, 'cgroup.memory', 3, /at least 1M/],
  ['duration without unit', `${HEAD}${HOG}run:\n  duration: 30\n`, 'run.duration', 7, /a unit is required/],
  ['bad touch fraction', `${HEAD}  - name: hog\n    hog: { total: 1G, touch: 1.5 }\n`, 'participants[0].hog.touch', 5, /a fraction from 0 to 1/],
  ['bad allocator word', `${HEAD}  - name: hog\n    hog: { allocator: calloc }\n`, 'participants[0].hog.allocator', 5, /one of malloc, mmap, populate/],
  ['total and count', `${HEAD}  - name: hog\n    hog: { total: 1G, count: 3 }\n`, 'participants[0].hog.count', 5, /not both/],
  ['unknown participant in startAfter', `${HEAD}${HOG}  - name: svc\n    command: { argv: [sleep, "1"] }\n    startAfter: { participant: ghost, exited: true }\n`, 'participants[1].startAfter.participant', 8, /one of the participants hog, svc, got "ghost"/],
  ['unknown participant in expect', `${HEAD}${HOG}expect:\n  - participant: ghost\n    outcome: survived\n`, 'expect[0].participant', 7, /one of the participants hog/],
  ['unknown victim', `${HEAD}${HOG}expect:\n  - victim: ghost\n`, 'expect[0].victim', 7, /one of the participants hog/],
  ['unknown group', `${HEAD}  - name: hog\n    hog: { total: 1G }\n    group: nope\n`, 'participants[0].group', 6, /a defined group \(none are defined\)/],
  ['unknown cgroup in expect', `name: t\ngroups: { svc: { memory: 64M } }\nparticipants:\n${HOG}expect:\n  - cgroup: batch\n    oomKills: 1\n`, 'expect[0].cgroup', 7, /one of the groups svc/],
  ['cycle in startAfter', `${HEAD}  - name: a\n    hog: {}\n    startAfter: { participant: b, exited: true }\n  - name: b\n    hog: {}\n    startAfter: { participant: a, reached: 1M }\n`, 'participants[1].startAfter.participant', 9, /without a cycle, got a -> b -> a/],
  ['self cycle', `${HEAD}  - name: a\n    hog: {}\n    count: 2\n    startAfter: { participant: a-2, exited: true }\n`, 'participants[0].startAfter.participant', 7, /without a cycle, got a -> a/],
  ['path trick ../x', `${HEAD}  - name: ../x\n    hog: {}\n`, 'participants[0].name', 4, /lower-case letters.*got "\.\.\/x"/],
  ['path trick a/b', `${HEAD}  - name: a/b\n    hog: {}\n`, 'participants[0].name', 4, /lower-case letters/],
  ['empty name', `${HEAD}  - name: ""\n    hog: {}\n`, 'participants[0].name', 4, /lower-case letters.*got ""/],
  ['NUL in a name', `${HEAD}  - name: "a\\0b"\n    hog: {}\n`, 'participants[0].name', 4, /lower-case letters/],
  ['path trick in a scenario name', 'name: ../../etc\ncgroup: { memory: 1G }\nparticipants:\n' + HOG, 'name', 1, /lower-case letters/],
  ['path trick in a group name', `name: t\ngroups:\n  "../x": { memory: 1G }\nparticipants:\n${HOG}`, 'groups["../x"]', 3, /lower-case letters/],
  ['cgroup v1 file name as group', `name: t\ngroups:\n  tasks: { memory: 1G }\nparticipants:\n${HOG}`, 'groups.tasks', 3, /a name other than tasks/],
  ['duplicate names', `${HEAD}${HOG}${HOG}`, 'participants[1].name', 6, /a name not used by another participant/],
  ['copy name collides', `${HEAD}  - name: hog\n    hog: {}\n    count: 2\n  - name: hog-2\n    hog: {}\n`, 'participants[1].name', 7, /not used by another participant or its copies.*"hog-2"/],
  ['count 0', `${HEAD}  - name: hog\n    hog: {}\n    count: 0\n`, 'participants[0].count', 6, /a whole number from 1 to 1000, got 0/],
  ['count 10000', `${HEAD}  - name: hog\n    hog: {}\n    count: 10000\n`, 'participants[0].count', 6, /a whole number from 1 to 1000, got 10000/],
  ['oomScoreAdj out of range', `${HEAD}  - name: hog\n    hog: {}\n    oomScoreAdj: 2000\n`, 'participants[0].oomScoreAdj', 6, /from -1000 to 1000/],
  ['hog and command together', `${HEAD}  - name: hog\n    hog: {}\n    command: { argv: [x] }\n`, 'participants[0]', 4, /exactly one of hog, command, node, probe, got hog and command/],
  ['no hog, command or node', `${HEAD}  - name: hog\n    group: x\n`, 'participants[0]', 4, /exactly one of hog, command, node, probe, got none/],
  ['empty argv', `${HEAD}  - name: svc\n    command: { argv: [] }\n`, 'participants[0].command.argv', 5, /a program and its arguments/],
  ['bad env name', `${HEAD}  - name: svc\n    command:\n      argv: [x]\n      env: { "A=B": "1" }\n`, 'participants[0].command.env["A=B"]', 7, /an environment variable name/],
  ['trigger with neither reached nor exited', `${HEAD}${HOG}  - name: b\n    hog: {}\n    startAfter: { participant: hog }\n`, 'participants[1].startAfter', 8, /exactly one of reached: SIZE or exited: true, got neither/],
  ['wrong until word', `${HEAD}${HOG}run: { until: forever }\n`, 'run.until', 6, /one of all-exited, first-oom-kill, duration, got "forever"/],
  ['restart word', `${HEAD}  - name: hog\n    hog: {}\n    restart: always\n`, 'participants[0].restart', 6, /one of never, on-oom/],
  ['no participants', 'name: t\ncgroup: { memory: 1G }\n', 'participants', 1, /a list, got nothing/],
  ['empty participants', 'name: t\nparticipants: []\n', 'participants', 2, /at least one participant/],
  ['participants not a list', 'name: t\nparticipants:\n  name: hog\n', 'participants', 2, /a list, got \{"name":"hog"\}/],
  ['two kinds in one expect entry', `${HEAD}${HOG}expect:\n  - victim: hog\n    runtime: { max: 1s }\n`, 'expect[0].runtime', 8, /a separate expect entry for runtime/],
  ['exit code without exited', `${HEAD}${HOG}expect:\n  - participant: hog\n    outcome: survived\n    code: 1\n`, 'expect[0].code', 9, /code only with outcome: exited/],
  ['bounds min above max', `${HEAD}${HOG}expect:\n  - runtime: { min: 10s, max: 1s }\n`, 'expect[0].runtime.max', 7, /not below the minimum/],
  ['a runtime name without outcome runtime-oom', `${HEAD}${HOG}expect:\n  - participant: hog\n    outcome: oom-killed\n    runtime: java\n`, 'expect[0].runtime', 9, /a runtime's name only with outcome: runtime-oom/],
  ['an unknown runtime', `${HEAD}${HOG}expect:\n  - participant: hog\n    outcome: runtime-oom\n    runtime: ruby\n`, 'expect[0].runtime', 9, /\{ min, max \} \(the run's length\), or with outcome runtime-oom one of node, java, python, go/],
  ['a runtime name with no participant', `${HEAD}${HOG}expect:\n  - outcome: runtime-oom\n    runtime: node\n`, 'expect[0].participant', 7, /the participant this assertion is about/],
  ['a runtime name beside a victim', `${HEAD}${HOG}expect:\n  - participant: hog\n    outcome: runtime-oom\n    runtime: go\n    victim: hog\n`, 'expect[0].victim', 10, /a separate expect entry for victim/],
  ['global with a cgroup limit', `name: t\nglobal: true\ncgroup:\n  memory: 1G\nparticipants:\n${HOG}`, 'cgroup.memory', 4, /no cgroup limit with global: true/],
  // Refused by the plan step (they depend on the host or the run's flags), still with the file's line.
  ['global outside a VM', `name: t\nglobal: true\nparticipants:\n${HOG}`, 'global', 2, /only inside a VM/, { ...HOST, inVm: false }],
  ['unbounded memory', `name: t\nparticipants:\n${HOG}`, 'participants[0]', 3, /bounded by a cgroup limit \(set cgroup.memory, or pass --allow-unbounded\)/],
  ['unbounded in an unlimited group', `name: t\ngroups: { svc: { swap: 0 } }\nparticipants:\n  - name: hog\n    hog: {}\n    group: svc\n`, 'participants[0]', 4, /groups.svc.memory/],
  ['limit above 90% of MemAvailable', 'name: t\ncgroup:\n  memory: 7.5G\nparticipants:\n' + HOG, 'cgroup.memory', 3, /at most 90% of MemAvailable \(7\.20 GiB on this host\), got 7\.50 GiB/],
  ['share above 90% of MemAvailable', 'name: t\ngroups:\n  svc:\n    memory: 95%\nparticipants:\n' + HOG, 'groups.svc.memory', 4, /at most 90% of MemAvailable/],
];

function messageOf(text: string, options: PlanOptions = HOST): InputError {
  try {
    planScenario(parseScenarioText(text, 'bad.yaml'), options);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('the scenario was accepted');
}

describe('malformed scenarios', () => {
  it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('%s: one line naming the field, the line and what was expected', (_title, text, field, line, words, options) => {
    const err = messageOf(text, options);
    expect(err.message).not.toContain('\n');
    expect(err.field).toBe(field);
    expect(err.where).toBe(line === null ? undefined : `bad.yaml:${line}`);
    expect(err.message.startsWith(`bad.yaml:${line}: ${field}: expected `)).toBe(true);
    expect(err.message).toMatch(words);
    expect(err.exitCode).toBe(2);
  });

  it('names the line in JSON files too', () => {
    const json = '{\n  "name": "t",\n  "cgroup": { "memory": "1G" },\n  "participants": [\n    { "name": "hog", "hog": { "totl": "1G" } }\n  ]\n}\n';
    expect(messageOf(json).message).toMatch(/^bad\.yaml:5: participants\[0\]\.hog\.totl: expected one of the known keys/);
  });

  it('reports a bad --matrix override against the flag, not a line', () => {
    const text = `${HEAD}${HOG}`;
    expect(messageOf(text, { ...HOST, overrides: { memory: '12Q' } }).message).toMatch(/^--matrix memory: expected a size such as/);
    expect(messageOf(text, { ...HOST, overrides: { memory: '7.9G' } }).message).toMatch(/^--matrix memory: expected a limit at most 90% of MemAvailable/);
    expect(messageOf(text, { ...HOST, overrides: { swappiness: '101' } }).message).toBe('--matrix swappiness: expected a whole number from 0 to 100, got "101"');
  });

  it('refuses a bounded scenario override with global', () => {
    expect(messageOf(`name: t\nglobal: true\nparticipants:\n${HOG}`, { ...HOST, inVm: true, overrides: { memory: '1G' } }).message).toMatch(/^--matrix memory: expected no memory override with global: true/);
  });
});
