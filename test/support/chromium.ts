import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which every browser test drives (playwright's own browser download is offline-blocked). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless, offline Chromium (no background networking: this machine's network is closed). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts headless Debian Chromium, or fails with the command that installs it (a system part: the test runs
 * under `npm run test:system`).
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed (${CHROMIUM}): run sudo apt-get install -y --no-install-recommends chromium fonts-wqy-microhei (or sudo bash .ci/system-packages)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
