// oomlab's library API. Each area adds its public exports here.
export { InputError } from './errors/input-error.js';
export { EnvironmentError } from './errors/environment-error.js';
export { parseSize, formatSize } from './units/size.js';
export { parseDuration, formatDuration } from './units/duration.js';
export { normalizeHogOptions, type HogOptions, type HogOptionsInput } from './hog/options.js';
export { loadScenario, parseScenarioText, validateScenario, defineScenario, planScenario, scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_SCHEMA_FILE } from './scenario/index.js';
export type { Scenario, ScenarioInput, Plan, PlanOptions, PlannedInstance, PlannedExpectation, HostFacts, ScenarioOverrides, Expectation, Participant, SizeSpec } from './scenario/index.js';
export { Sampler, descendants, readMemInfo, readVmStat, readPsi, procUnits, parsePidStat, parsePidStatus, parseMemInfoText, parseVmStatText, parsePsiText, plainColumns } from './proc/index.js';
export type { SamplerOptions, SamplerStats, GroupReport, CgroupReport, TreeSample, GroupPeak, GoneEvent, PidSample, CgroupSample, CgroupSource, CgroupPeak, HostSample, GapSummary, MemInfo, VmStat, Psi, SeriesColumns, SamplerReport } from './proc/index.js';
export { parseKernelLog, KernelLogParser, parseKernelLogStream, type KernelLogParserOptions } from './kernel-log/index.js';
export type { OomEvent, OomTrigger, OomConstraint, OomMemcg, MemcgCounter, OomVictim, OomTask, OomMemInfo, OomZone, OomReaped, OomTime } from './kernel-log/index.js';
export { explainEvent, explainEvents, toExplainJson, type ExplainJson } from './explain/index.js';
