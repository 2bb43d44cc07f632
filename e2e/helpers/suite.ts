import type { Browser } from 'playwright-core';
import type { SimulatorOptions } from '../../src/sim/types';
import { launchChromium } from './browser';
import { ensureWebBuild } from './build';
import { startStack, type Stack } from './stack';

/**
 * One Chromium and one stack (service, bridge, simulator) for the calling test file: built page first, both
 * closed after the file. `ready` receives them for the file's own variables.
 */
export function useBrowserAndStack(
  ready: (browser: Browser, stack: Stack) => void,
  simulator: Partial<SimulatorOptions> = {},
): void {
  let browser: Browser | undefined;
  let stack: Stack | undefined;
  beforeAll(async () => {
    ensureWebBuild();
    browser = await launchChromium();
    stack = await startStack(simulator);
    ready(browser, stack);
  });
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });
}
