// Skip titles. Every skipped test names its reason in its title, and a skip that is not a failure of
// this machine to provide something (a test for the other cgroup version, a scenario that only runs in
// a VM) says "by design": with OOMLAB_REQUIRE_ALL=1 (CI) any other skip fails the run (skip-report.ts).

/** The marker a by-design skip carries in its title. */
export const BY_DESIGN = '(by design:';

// Why: the title of a test that is skipped here by design, saying why.
export function byDesign(skipped: boolean, title: string, why: string): string {
  return skipped ? `${title} ${BY_DESIGN} ${why})` : title;
}

// Why: the title of a suite or test that this machine cannot run, saying what is missing.
export function needs(reason: string | undefined, title: string): string {
  return reason ? `${title} (skipped: ${reason})` : title;
}
