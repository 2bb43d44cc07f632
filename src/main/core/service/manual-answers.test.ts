import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Desk } from '../compose';
import { offlineKeyCheck, testDesk } from '../test-desk';

/**
 * Manual checks through the service: a rate typed as 150 % is refused with a sentence that says which field and
 * what was given, and nothing of that call is saved; a payload that is not a number gets the error envelope.
 */
describe('manual checks through the service', () => {
  let dir: string;
  let desk: Desk;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manual-answers-'));
    desk = testDesk({ dataDir: dir, core: { checkKey: offlineKeyCheck } });
    desk.core.store.workspaces.insert({
      id: 'w1',
      name: 'Acme',
      secretRef: 'workspace:w1',
      createdAt: Date.parse('2026-11-01T00:00:00Z'),
      updatedAt: Date.parse('2026-11-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('refuses a submit rate above 100 % with a worded message and keeps the answers as they were', async () => {
    const { service } = desk;
    const saved = await service.call('audit:setAnswers', {
      workspaceId: 'w1',
      answers: { spf: 'pass', mobileSubmitRate: 0.032 },
    });
    expect(saved.ok).toBe(true);

    const refused = await service.call('audit:setAnswers', {
      workspaceId: 'w1',
      answers: { spf: 'fail', mobileSubmitRate: 1.5 },
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('validation');
    expect(refused.error.message).toBe(
      'The mobile form submit rate must be a percentage from 0 to 100; 150 % was given. Nothing was saved.',
    );
    expect(refused.error.details).toMatchObject({ field: 'mobileSubmitRate', value: 1.5 });
    expect(refused.error.requestId).toMatch(/^req_/);

    const negative = await service.call('audit:setAnswers', {
      workspaceId: 'w1',
      answers: { desktopSubmitRate: -0.1 },
    });
    expect(negative.ok || negative.error.message).toMatch(/^The desktop form submit rate must be a percentage/);

    const answers = await service.call('audit:answers', { workspaceId: 'w1' });
    expect(answers.ok && answers.data).toMatchObject({ spf: 'pass', mobileSubmitRate: 0.032, desktopSubmitRate: null });
  });

  it('answers a rate that is not a number with the error envelope', async () => {
    for (const bad of ['abc', null, Number.NaN, { value: 1 }]) {
      const r = await desk.service.call('audit:setAnswers', { workspaceId: 'w1', answers: { mobileSubmitRate: bad } });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(Object.keys(r.error).sort()).toEqual(['code', 'details', 'message', 'requestId']);
      expect(r.error.code).toBe('validation');
    }
  });
});
