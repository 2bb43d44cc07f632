import type { Browser } from 'playwright-core';
import { openPage, screenshot, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';

/**
 * A demo client whose simulator is gone (the app that served it exited): the sync fetches nothing, and the
 * screens say so — in the status card and the run's row — naming the simulator, never Klaviyo, in en and pl.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

describe('a demo client whose simulator cannot be reached', () => {
  it('reads "nothing was fetched", names the simulator, and the run row says "not reached" (en, pl)', async () => {
    const en = await openPage(browser, stack.url);
    try {
      await en.page.getByTestId('add-demo').click();
      await en.page.getByTestId('workspace-page').waitFor();
      await stack.sim.close();
      await en.page.getByTestId('sync-now').click();
      const card = en.page.locator('[data-testid="sync-status-card"][data-status="unreachable"]');
      await card.waitFor({ timeout: 120_000 });
      await expect(card.getByTestId('status-badge').textContent()).resolves.toBe('Not reached');
      const explain = en.page.getByTestId('sync-explain');
      await expect(explain.textContent()).resolves.toContain('The last sync reached no server: nothing was fetched');
      await expect(explain.textContent()).resolves.toContain('served by the simulator built into the app');
      const message = (await en.page.getByTestId('sync-error-message').textContent()) ?? '';
      expect(message).toMatch(/^Nothing was fetched: Could not reach the demo simulator \(/);
      expect(await card.textContent()).not.toContain('Klaviyo');
      await screenshotBothSchemes(en.page, 'sync-unreachable-demo-en');

      await en.page.getByTestId('tab-runs').click();
      const row = en.page.locator('[data-testid="run-row"][data-status="partial_or_timeout"]').first();
      await row.waitFor();
      await expect(row.getByTestId('status-badge').getAttribute('data-status')).resolves.toBe('unreachable');
      await expect(row.getByTestId('status-badge').textContent()).resolves.toBe('Not reached');
      await row.click();
      const runError = en.page.getByTestId('run-error');
      await expect(runError.textContent()).resolves.toContain('Nothing was fetched: the server could not be reached');
      await expect(runError.textContent()).resolves.toContain('Could not reach the demo simulator');
      await screenshotBothSchemes(en.page, 'runs-unreachable-demo-en');
      expect(en.errors).toEqual([]);
    } finally {
      await en.context.close();
    }

    const pl = await openPage(browser, stack.url, { locale: 'pl-PL' });
    try {
      await pl.page.getByText('Demo client').first().click();
      const card = pl.page.locator('[data-testid="sync-status-card"][data-status="unreachable"]');
      await card.waitFor();
      await expect(card.getByTestId('status-badge').textContent()).resolves.toBe('Brak połączenia');
      await expect(pl.page.getByTestId('sync-explain').textContent()).resolves.toContain(
        'Ostatnia synchronizacja nie połączyła się z serwerem: nic nie pobrano',
      );
      await expect(pl.page.getByTestId('sync-explain').textContent()).resolves.toContain(
        'Klient demo jest obsługiwany przez symulator wbudowany w aplikację',
      );
      await screenshot(pl.page, 'sync-unreachable-demo-pl-light');
      await pl.page.getByTestId('tab-runs').click();
      const row = pl.page.getByTestId('run-row').first();
      await expect(row.getByTestId('status-badge').textContent()).resolves.toBe('Brak połączenia');
      await row.click();
      await expect(pl.page.getByTestId('run-error').textContent()).resolves.toContain(
        'Nic nie pobrano: nie udało się połączyć z serwerem',
      );
      await screenshot(pl.page, 'runs-unreachable-demo-pl-light');
      expect(pl.errors).toEqual([]);
    } finally {
      await pl.context.close();
    }
  }, 240_000);
});
