import type { Browser } from 'playwright-core';
import type { Audit } from '../src/shared/contract/audit';
import type { Workspace } from '../src/shared/contract/workspaces';
import { openPage, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';

/**
 * A sync that fails after a good audit: the audit tab and the all-clients overview keep the score and say it is
 * stale, since when and why, in English and in Polish.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

async function get<T>(channel: 'workspaces:get' | 'audit:get', workspaceId: string): Promise<T> {
  const r = await stack.call(channel, { workspaceId });
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen`);
}

it('after a failed sync the audit tab and the overview keep the score, marked stale', async () => {
  const created = await stack.call('demo:create', {});
  if (!created.ok) throw new Error(created.error.message);
  const id = (created.data as { workspace: Workspace }).workspace.id;
  await stack.call('sync:start', { workspaceId: id });
  const good = await until('the first audit', () => get<Audit | null>('audit:get', id));
  expect(good.stale).toBeNull();

  // the key is revoked in Klaviyo: the next sync fails
  stack.sim.setFaults([{ kind: 'revoke-key' }]);
  await stack.call('sync:start', { workspaceId: id });
  await until('the failed sync', async () => {
    const w = await get<Workspace>('workspaces:get', id);
    return w.lastRun?.status === 'failed_auth';
  });
  const stale = await until('the stale mark', async () => (await get<Audit>('audit:get', id)).stale && true);
  expect(stale).toBe(true);
  const score = String(Math.round(good.score));

  for (const [locale, words] of [
    ['en-US', { line: /^Stale since .+ \(last sync: failed, the API key was rejected\)$/, badge: 'Stale' }],
    [
      'pl-PL',
      {
        line: /^Nieaktualny od .+ \(ostatnia synchronizacja: nieudana, klucz API został odrzucony\)$/,
        badge: 'Nieaktualny',
      },
    ],
  ] as const) {
    const lang = locale.slice(0, 2);
    const { page, context, errors } = await openPage(browser, stack.url, { locale });
    try {
      // the all-clients overview: the same score, with a stale badge
      const cell = page.getByTestId(`audit-cell-${id}`);
      await cell.waitFor();
      await expect(cell.locator('.mantine-Badge-root').first().textContent()).resolves.toBe(score);
      await expect(cell.getByTestId('audit-stale-badge').textContent()).resolves.toBe(words.badge);
      await screenshotBothSchemes(page, `audit-stale-overview-${lang}`);

      await page.getByText('Demo client').first().click();
      await page.getByTestId('tab-audit').click();
      const notice = page.getByTestId('audit-stale');
      await notice.waitFor();
      await expect(page.getByTestId('audit-score').textContent()).resolves.toBe(score);
      const title = await notice.locator('.mantine-Alert-title').textContent();
      expect(title).toMatch(words.line);
      await screenshotBothSchemes(page, `audit-stale-tab-${lang}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }
}, 300_000);
