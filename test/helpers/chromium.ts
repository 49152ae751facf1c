import { existsSync } from 'node:fs';
import { commandOnPath } from './commands.js';
import { toolReason } from './tools.js';

// Debian's Chromium, as the browser tests drive it (playwright-core with executablePath). The flags
// are the ones this machine needs: headless as root, and no background networking, whose connections
// a closed network refuses by the dozen.

/** The Chromium binary the browser tests use. */
export const CHROMIUM = commandOnPath('chromium') ?? commandOnPath('chromium-browser') ?? '/usr/bin/chromium';

/** Why the browser tests skip here, or undefined when Chromium is installed. */
export const chromiumSkip = existsSync(CHROMIUM) ? undefined : toolReason('chromium');

/** Chromium's command-line flags for a test. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Browser-side code as text (this project compiles without the DOM library): non-transparent pixels per chart canvas. */
export const PAINTED = `[...document.querySelectorAll('.chart')].map((c) => {
  const canvas = c.querySelector('canvas');
  if (!canvas) return 0;
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
  return n;
})`;
