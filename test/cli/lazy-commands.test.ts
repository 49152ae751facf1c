import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 17, item 5: a command loads what it needs when it runs. `oomlab --version` (and the start-up
// of every command) must not load the scenario runner, the VM, cgroups or the parsers: each command's
// heavy part is imported inside its action (src/cli/commands/*). Checked on tsc's output, module by
// module, with a resolve hook that names every module as it is loaded; the bundle (dist/oomlab-cli.cjs)
// inlines the same modules and, for an import() inside a function, runs their top level only then.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;
const HOOK = `data:text/javascript,${encodeURIComponent(
  "import { register } from 'node:module';" +
    "register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(\"LOADED \" + r.url + \"\\\\n\"); return r; }'));",
)}`;

// Why: the modules one command line loads before it exits.
async function loaded(args: string[]): Promise<string[]> {
  const r = await execa(process.execPath, ['--import', HOOK, MAIN, ...args], { reject: false });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return [...String(r.stderr).matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!.replace(`file://${ROOT}`, '').replace(/^file:\/\/.*\/node_modules\//, 'node_modules/'));
}

const HEAVY = /^dist\/(vm|cgroup|participant|evidence|kernel-log|explain|result|proc|layout|scenario)\/|^dist\/run\/(?!builtin-dir)|^node_modules\/(zod|yaml|execa)\//;

describe('commands load their heavy parts only when they run', () => {
  it('oomlab --version loads the command definitions and no runner, VM, cgroup code, zod, yaml or execa', async () => {
    const mods = await loaded(['--version']);
    expect(mods).toContain('dist/cli/commands/run.js');
    expect(mods.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('oomlab list loads the scenario loader, but not the runner or the VM', async () => {
    const mods = await loaded(['list']);
    expect(mods).toContain('dist/scenario/index.js');
    expect(mods.filter((m) => /^dist\/(vm|cgroup)\/|^dist\/run\/(?!builtin-dir)/.test(m))).toEqual([]);
  });
});
