import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { BY_DESIGN } from './skips.js';
import { installCommand, toolInTitle, toolReason, type ToolId } from './tools.js';

// A vitest reporter that ends every run with the list of what was skipped and why (the reason is in
// each skipped test's title, see skips.ts), so a machine without qemu, Chromium or stress-ng cannot
// pass quietly. With OOMLAB_REQUIRE_ALL=1 (CI) a skip that is not by design fails the run.

/** A skipped test: where it is and its full title (which names the reason). */
export interface Skipped {
  file: string;
  title: string;
  byDesign: boolean;
}

// Why: the skips of a finished run, by design or not; a test `-t PATTERN` left out is not a skip.
export function skippedTests(modules: ReadonlyArray<TestModule>, namePattern?: RegExp): Skipped[] {
  const out: Skipped[] = [];
  for (const m of modules) {
    for (const t of m.children.allTests()) {
      if (t.result().state !== 'skipped' || !matchesFilter(t.fullName, namePattern)) continue;
      out.push({ file: m.moduleId.replace(`${process.cwd()}/`, ''), title: t.fullName, byDesign: t.fullName.includes(BY_DESIGN) });
    }
  }
  return out;
}

// Why: vitest matches -t against the full name; a skipped test it does not match was filtered out.
export function matchesFilter(fullName: string, namePattern: RegExp | undefined): boolean {
  if (!namePattern) return true;
  namePattern.lastIndex = 0;
  return namePattern.test(fullName);
}

// Why: the block a run ends with when tools were missing: each tool, the tests it cost, and the one
// command that installs them all; other skips (root, a memory cgroup) are counted apart.
export function missingToolsBlock(missing: readonly Skipped[]): string[] {
  const byTool = new Map<ToolId, number>();
  let other = 0;
  for (const s of missing) {
    const tool = toolInTitle(s.title);
    if (tool) byTool.set(tool, (byTool.get(tool) ?? 0) + 1);
    else other++;
  }
  if (byTool.size === 0 && other === 0) return [];
  const lines: string[] = [];
  if (byTool.size > 0) {
    const cost = [...byTool.values()].reduce((a, b) => a + b, 0);
    lines.push(`missing tools: ${cost} test(s) skipped for want of them`);
    for (const [tool, n] of byTool) lines.push(`  ${toolReason(tool).replace(/^needs /, '')}: ${n} test(s)`);
    lines.push(`install them: ${installCommand([...byTool.keys()])}`);
  }
  if (other > 0) lines.push(`${other} test(s) skipped for want of something else this machine lacks (root, a memory cgroup: see MISSING above)`);
  return lines;
}

// Why: the default export is what vitest loads from the config's reporters list.
export default class SkipReport implements Reporter {
  private namePattern: RegExp | undefined;

  onInit(vitest: Vitest): void {
    this.namePattern = vitest.config.testNamePattern;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped = skippedTests(modules, this.namePattern);
    const strict = process.env.OOMLAB_REQUIRE_ALL === '1';
    const missing = skipped.filter((s) => !s.byDesign);
    const lines = [`\nskipped: ${skipped.length} (${skipped.length - missing.length} by design, ${missing.length} for what this machine lacks)`];
    for (const s of skipped) lines.push(`  ${s.byDesign ? 'by design' : 'MISSING  '}  ${s.file} > ${s.title}`);
    lines.push(...missingToolsBlock(missing));
    if (strict && missing.length > 0) {
      lines.push(`OOMLAB_REQUIRE_ALL=1: ${missing.length} test(s) skipped for want of something this machine should have: failing the run`);
      process.exitCode = 1;
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
