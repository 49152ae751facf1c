// oomlab's library API. Each area adds its public exports here.
export { InputError } from './errors/input-error.js';
export { EnvironmentError } from './errors/environment-error.js';
export { parseSize, formatSize } from './units/size.js';
export { parseDuration, formatDuration } from './units/duration.js';
export { normalizeHogOptions, type HogOptions, type HogOptionsInput } from './hog/options.js';
