import type { Browser, Locator, Page } from 'playwright-core';
import type { Audit } from '../src/shared/contract/audit';
import type { FindingDecisionRow } from '../src/shared/contract/findings';
import type { Workspace } from '../src/shared/contract/workspaces';
import { openPage, screenshot, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';

/**
 * The audit a strategist works from: a finding's evidence opens the item's drawer; every resource type's drawer
 * reads in names and words (JSON only in the Raw tab), with "Open in Klaviyo"; manual checks refuse 150 %; the
 * findings can be accepted, snoozed, reopened and noted on the page, and new critical findings are shown.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen`);
}

/** What the attributes tab must never show: JSON, or Klaviyo's snake_case keys as labels. */
async function expectWordsOnly(drawer: Locator, where: string) {
  const facts = drawer.getByTestId('drawer-attributes');
  await facts.waitFor();
  const text = await facts.innerText();
  expect(text, where).not.toMatch(/[{}[\]]|":/);
  const labels = await facts.locator('tr td:first-child').allInnerTexts();
  expect(labels.length, `${where}: facts`).toBeGreaterThan(0);
  for (const l of labels) expect(l, `${where}: label`).not.toMatch(/_|^[a-z]/);
  expect(text, `${where}: untranslated`).not.toMatch(/\b(fact|value|condition)\.[a-zA-Z]/);
  // ISO times are shown as local times
  expect(text, `${where}: ISO time`).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
}

let workspaceId = '';
let critical: string[] = [];

async function gotoAudit(page: Page) {
  await page.getByText('Demo client').first().click();
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-score').waitFor({ timeout: 60_000 });
}

describe('working the audit in Chromium', () => {
  beforeAll(async () => {
    const created = await stack.data<{ workspace: Workspace }>('demo:create', {});
    workspaceId = created.workspace.id;
    await stack.data('sync:start', { workspaceId });
    await until('the first audit', () => stack.data<Audit | null>('audit:get', { workspaceId }));
  }, 300_000);

  it('announces new critical findings on the page, once, as the core decided', { timeout: 300_000 }, async () => {
    const { page, context, errors } = await openPage(browser, stack.url);
    try {
      await page.getByText('Demo client').first().click();
      await page.getByTestId('tab-audit').click();
      await page.getByTestId('audit-score').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('critical-notice').count()).toBe(0);
      // the strategist finds SPF failing: D1 becomes a critical failure, announced by the core
      const audit = await stack.data<Audit>('audit:setAnswers', { workspaceId, answers: { spf: 'fail' } });
      critical = audit.findings.filter((f) => f.status === 'fail' && f.severity === 'critical').map((f) => f.ruleId);
      expect(critical).toContain('D1');
      const notice = page.getByTestId('critical-notice');
      await notice.waitFor();
      const text = await notice.innerText();
      for (const ruleId of critical) expect(text).toContain(ruleId);
      await screenshotBothSchemes(page, 'audit-critical-notice-en');
      // a re-run announces nothing new: the notice stays as it was, not doubled
      await page.getByTestId('audit-rerun').click();
      await page.waitForTimeout(800);
      expect(await notice.getByTestId('critical-notice-rule').count()).toBe(critical.length);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it(
    'opens a finding’s evidence in the item’s drawer, in words, with Open in Klaviyo',
    { timeout: 300_000 },
    async () => {
      const audit = (await stack.data<Audit>('audit:get', { workspaceId }))!;
      const finding = audit.findings.find(
        (f) =>
          f.status === 'fail' &&
          f.evidence.items.some((i) => ['flow', 'campaign', 'list', 'segment', 'form'].includes(i.type)),
      );
      expect(finding, 'a failing finding with an item as evidence').toBeDefined();
      const item = finding!.evidence.items.find((i) =>
        ['flow', 'campaign', 'list', 'segment', 'form'].includes(i.type),
      )!;
      for (const locale of ['en-US', 'pl-PL']) {
        const lang = locale.slice(0, 2);
        const { page, context, errors } = await openPage(browser, stack.url, { locale });
        try {
          await gotoAudit(page);
          await page
            .getByTestId('audit-filter-status')
            .getByText(lang === 'en' ? 'All' : 'Wszystkie')
            .click();
          await page.getByTestId(`finding-${finding!.ruleId}`).click();
          const rows = page.getByTestId('finding-drawer').getByTestId('evidence-row');
          await rows.first().waitFor();
          await rows
            .filter({ hasText: item.name ?? item.id })
            .first()
            .click();
          const drawer = page.getByTestId('detail-drawer').locator('.mantine-Drawer-content');
          await expect(drawer.getByTestId('drawer-title').innerText()).resolves.toBe(item.name ?? item.id);
          await expectWordsOnly(drawer, `evidence ${item.type}`);
          const link = drawer.getByTestId('open-in-klaviyo');
          expect(await link.getAttribute('href')).toMatch(
            new RegExp(`^https://www\\.klaviyo\\.com/(flow|campaign|list|forms)/${item.id}/(edit|wizard|members)$`),
          );
          await screenshotBothSchemes(page, `audit-evidence-drawer-${lang}`);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
    },
  );

  it(
    'shows every resource type’s drawer in names and words, JSON only in the Raw tab',
    { timeout: 300_000 },
    async () => {
      const hrefs: Record<string, RegExp> = {
        flows: /^https:\/\/www\.klaviyo\.com\/flow\/[\w-]+\/edit$/,
        campaigns: /^https:\/\/www\.klaviyo\.com\/campaign\/[\w-]+\/wizard$/,
        lists: /^https:\/\/www\.klaviyo\.com\/list\/[\w-]+\/members$/,
        segments: /^https:\/\/www\.klaviyo\.com\/list\/[\w-]+\/members$/,
        forms: /^https:\/\/www\.klaviyo\.com\/forms\/[\w-]+\/edit$/,
        templates: /^https:\/\/www\.klaviyo\.com\/email-editor\/[\w-]+\/edit$/,
      };
      const listNames = (
        await stack.data<{ items: { name: string }[] }>('inventory:list', { workspaceId, type: 'lists', limit: 500 })
      ).items.map((l) => l.name);
      const segmentNames = (
        await stack.data<{ items: { name: string }[] }>('inventory:list', { workspaceId, type: 'segments', limit: 500 })
      ).items.map((l) => l.name);
      for (const locale of ['en-US', 'pl-PL']) {
        const lang = locale.slice(0, 2);
        const { page, context, errors } = await openPage(browser, stack.url, { locale });
        try {
          await page.getByText('Demo client').first().click();
          await page.getByTestId('tab-inventory').click();
          const types = await page
            .locator('[data-testid^="inv-tab-"]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('inv-tab-'.length)));
          expect(types).toEqual(
            expect.arrayContaining([
              'flows',
              'campaigns',
              'lists',
              'segments',
              'forms',
              'templates',
              'metrics',
              'tags',
            ]),
          );
          for (const type of types) {
            await page.getByTestId(`inv-tab-${type}`).click();
            const table = page.locator(`[data-testid="inventory-table"][data-type="${type}"]`);
            await table.waitFor();
            const row = table.getByTestId('inventory-row').first();
            await row.waitFor();
            await row.click();
            const drawer = page.getByTestId('detail-drawer').locator('.mantine-Drawer-content');
            if (type === 'flows') {
              // a flow's definition as steps in words
              await drawer.getByTestId('flow-steps').waitFor();
              expect(await drawer.getByTestId('flow-step').count()).toBeGreaterThan(1);
              expect(await drawer.getByTestId('flow-steps').innerText()).not.toMatch(/[{}]|":/);
              await screenshotBothSchemes(page, `drawer-flows-steps-${lang}`);
              await drawer.getByRole('tab').nth(1).click();
            }
            await expectWordsOnly(drawer, `${type} (${lang})`);
            const text = await drawer.getByTestId('drawer-attributes').innerText();
            if (type === 'campaigns') {
              // audiences by name, not id
              const sentTo = await drawer.locator('tr[data-fact="included"] td').nth(1).innerText();
              expect(
                [...listNames, ...segmentNames].some((n) => sentTo.includes(n)),
                sentTo,
              ).toBe(true);
            }
            if (type === 'segments') {
              const who = await drawer.locator('tr[data-fact="conditions"] td').nth(1).innerText();
              expect(who).toMatch(lang === 'en' ? /^(Is in|Did|Profile property)/ : /^(Należy|„|Właściwość)/);
            }
            if (type === 'tags') expect(text).toMatch(lang === 'en' ? /Applied to/ : /Przypisany do/);
            if (hrefs[type])
              expect(await drawer.getByTestId('open-in-klaviyo').getAttribute('href')).toMatch(hrefs[type]);
            else expect(await drawer.getByTestId('open-in-klaviyo').count()).toBe(0);
            await expect(drawer.getByTestId('drawer-timezone').innerText()).resolves.toContain('Europe/Warsaw');
            if (['campaigns', 'segments', 'tags'].includes(type))
              await screenshotBothSchemes(page, `drawer-${type}-${lang}`);
            // the raw JSON is still there, in its own tab
            await drawer.getByRole('tab', { name: lang === 'en' ? 'Raw JSON' : 'Surowy JSON' }).click();
            await expect(page.getByTestId('drawer-raw').innerText()).resolves.toMatch(/"attributes"/);
            await page.keyboard.press('Escape');
            await drawer.waitFor({ state: 'detached' });
          }
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
    },
  );

  it('manual checks refuse 150 % with a message and save nothing', { timeout: 300_000 }, async () => {
    const before = await stack.data<Record<string, unknown>>('audit:answers', { workspaceId });
    for (const [locale, message] of [
      ['en-US', 'Enter a percentage from 0 to 100 (you typed “150”).'],
      ['pl-PL', 'Wpisz procent od 0 do 100 (wpisano „150”).'],
    ] as const) {
      const lang = locale.slice(0, 2);
      const { page, context, errors } = await openPage(browser, stack.url, { locale });
      try {
        await gotoAudit(page);
        await page.getByTestId('audit-answers').click();
        const input = page.getByTestId('answer-mobileSubmitRate');
        await input.fill('150');
        await page.getByTestId('answers-save').click();
        const error = page.locator('.mantine-TextInput-error', { hasText: message });
        await error.waitFor();
        await screenshotBothSchemes(page, `audit-answers-150-${lang}`);
        expect(await stack.data('audit:answers', { workspaceId })).toEqual(before);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it(
    'accepts, snoozes, notes and reopens findings on the page, saying who and when',
    { timeout: 300_000 },
    async () => {
      const audit = (await stack.data<Audit>('audit:get', { workspaceId }))!;
      const open = audit.findings.filter((f) => f.status === 'fail' && !f.decision);
      const [toAccept, toSnooze] = [open[0]!, open[1]!];
      for (const locale of ['en-US', 'pl-PL']) {
        const lang = locale.slice(0, 2);
        const { page, context, errors } = await openPage(browser, stack.url, { locale });
        try {
          await gotoAudit(page);
          await page.getByTestId(`finding-${toAccept.ruleId}`).first().click();
          const panel = page.getByTestId('decision-panel');
          if (lang === 'en') {
            await panel.getByTestId('decision-accept').click();
            await panel.getByTestId('decision-state').waitFor();
            await panel.getByTestId('decision-note').fill('Agreed with the client: no SMS this year.');
            await panel.getByTestId('decision-save-note').click();
            await expect.poll(() => panel.getByTestId('decision-note-by').innerText()).toMatch(/^Note by .+, .+/);
          }
          await expect(panel.getByTestId('decision-state').innerText()).resolves.toMatch(
            lang === 'en' ? /^Accepted by .+ on .+; not counted in the score$/ : /^Zaakceptowane przez .+ dnia .+/,
          );
          await screenshotBothSchemes(page, `audit-finding-accepted-${lang}`);
          await page.keyboard.press('Escape');

          await page.getByTestId(`finding-${toSnooze.ruleId}`).first().click();
          if (lang === 'en') {
            // a day in the past is refused with a message
            await panel.getByTestId('decision-snooze-date').fill('2020-01-01');
            await panel.getByTestId('decision-snooze').click();
            await expect(panel.getByTestId('decision-error').innerText()).resolves.toBe(
              'Choose a day still to come to snooze until.',
            );
            const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
            await panel.getByTestId('decision-snooze-date').fill(day);
            await panel.getByTestId('decision-snooze').click();
            await panel.getByTestId('decision-state').waitFor();
          }
          await expect(panel.getByTestId('decision-state').innerText()).resolves.toMatch(
            lang === 'en' ? /^Snoozed until .+ by .+ on .+/ : /^Odłożone do .+ przez .+/,
          );
          await page.keyboard.press('Escape');
          // both are listed apart from the open failures
          const apart = page.getByTestId('audit-decided');
          await apart.getByTestId(`finding-${toSnooze.ruleId}`).waitFor();
          await apart.getByTestId(`finding-${toAccept.ruleId}`).waitFor();
          await apart.scrollIntoViewIfNeeded();
          await screenshot(page, `audit-decided-list-${lang}`);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
      const rows = await stack.data<FindingDecisionRow[]>('findings:list', { workspaceId });
      expect(rows.find((r) => r.ruleId === toAccept.ruleId)).toMatchObject({
        state: 'accepted',
        note: 'Agreed with the client: no SMS this year.',
      });
      expect(rows.find((r) => r.ruleId === toSnooze.ruleId)).toMatchObject({ state: 'snoozed', holds: true });

      // reopen from the page
      const { page, context } = await openPage(browser, stack.url);
      try {
        await gotoAudit(page);
        await page.getByTestId('audit-decided').getByTestId(`finding-${toSnooze.ruleId}`).click();
        await page.getByTestId('decision-reopen').click();
        await page.getByTestId('decision-accept').waitFor();
      } finally {
        await context.close();
      }
      const after = await stack.data<FindingDecisionRow[]>('findings:list', { workspaceId });
      expect(after.find((r) => r.ruleId === toSnooze.ruleId)).toMatchObject({ state: 'open' });
    },
  );
});
