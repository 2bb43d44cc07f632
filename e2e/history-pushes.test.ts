import type { Browser } from 'playwright-core';
import { openPage, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced } from './helpers/workspace';

/**
 * The History screen's health figures with pushes to Klaviyo (PRODUCT C3/C4): after a sync and a change sent to
 * Klaviyo, the pulls' figures and the pushes' are shown in rows of their own, each what the service counts, and a
 * client that needs attention shows its pushes' success rate beside its pulls'; in English and Polish, light and
 * dark.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

type Figures = { finished: number; successRate: number | null };
type Analytics = { directions: { pull: Figures; push: Figures } };

it('History shows the pushes to Klaviyo beside the pulls (en, pl)', async () => {
  const workspaceId = await demoSynced(stack);
  await stack.data('outbox:queue', { workspaceId, change: { kind: 'list_create', name: 'E2E pushed list' } });
  // sent by the flush asked here, or by the automatic one that may have started first
  await stack.data('outbox:flush', { workspaceId });
  await expect
    .poll(async () => (await stack.data<Analytics>('history:analytics', {})).directions.push.finished, {
      timeout: 30_000,
    })
    .toBe(1);

  // the key is refused next: the client needs attention, and its line says how its pushes went beside its pulls
  stack.sim.setFaults([{ kind: 'revoke-key' }]);
  const { runId } = await stack.data<{ runId: string }>('sync:start', { workspaceId });
  await expect
    .poll(async () => (await stack.data<{ status: string }>('sync:run', { runId })).status, { timeout: 60_000 })
    .toBe('failed_auth');
  stack.sim.setFaults([]);
  const a = await stack.data<Analytics>('history:analytics', {});
  expect(a.directions.pull.finished).toBe(2);
  expect(a.directions.push.successRate).toBe(1);

  for (const [locale, pullLabel, pushLabel, name] of [
    ['en-US', 'From Klaviyo', 'To Klaviyo', 'history-pushes-en'],
    ['pl-PL', 'Z Klaviyo', 'Do Klaviyo', 'history-pushes-pl'],
  ] as const) {
    const opened = await openPage(browser, stack.url, { locale });
    try {
      const { page } = opened;
      await page.getByTestId('nav-history').click();
      const pulls = page.getByTestId('health-figures');
      const pushes = page.getByTestId('health-push-figures');
      await pushes.waitFor();
      await expect(pulls.textContent()).resolves.toContain(pullLabel);
      await expect(pushes.textContent()).resolves.toContain(pushLabel);
      await expect(page.getByTestId('health-runs').textContent()).resolves.toBe(String(a.directions.pull.finished));
      await expect(page.getByTestId('health-push-runs').textContent()).resolves.toBe('1');
      await expect(page.getByTestId('health-push-success-rate').textContent()).resolves.toMatch(/^100\s?%$/);
      const client = page.getByTestId('health-client');
      await expect(client.getByTestId('health-client-push-rate').textContent()).resolves.toMatch(
        locale === 'en-US' ? /^100\s?% of pushes to Klaviyo succeeded$/ : /^udane wysyłki do Klaviyo: 100\s?%$/,
      );
      await screenshotBothSchemes(page, name);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.context.close();
    }
  }
}, 240_000);
