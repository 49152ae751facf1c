// The hidden command by which a VM guest runs a scenario the host already checked (src/cli/guest-run.ts),
// and the bundle the bin runs for it: named once for the host that writes the guest's command line
// (run-scenario-in-vm.ts), the bin that picks the bundle (src/cli/launcher.ts) and the build.

/** `oomlab guest-run --json FILE [--output-files DIR]`, the scenario in OOMLAB_SCENARIO_JSON. */
export const GUEST_RUN = 'guest-run';

/** The guest entry's bundle, beside the CLI's in dist/. */
export const GUEST_BUNDLE = 'oomlab-guest.cjs';
