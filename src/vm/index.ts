// The VM layer (issue 6): boot a disposable qemu VM that runs a command (normally oomlab itself) and
// brings its results, exit code and kernel log back. `oomlab vm run` calls runInVm().
export { runInVm, type VmRunOptions, type VmRunResult } from './run-in-vm.js';
export { findVmKernel, kernelVersion, KERNEL_CACHE_DIR, type VmKernel } from './kernel.js';
export { chooseAccel, kvmBoots, type Accel } from './accel.js';
export { ensureRootImage, ROOT_CACHE_DIR } from './root-image.js';
export { GUEST_RESULTS_DIR } from './guest-init.js';
export { runScenarioInVm, type ScenarioVmOptions, type ScenarioVmRun } from './run-scenario-in-vm.js';
