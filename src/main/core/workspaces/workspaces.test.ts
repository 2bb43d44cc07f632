import fs from 'node:fs';
import type { AppError } from '../../../shared/errors';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';

describe('workspaces domain (real simulator, real SQLite)', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('add checks the key live, keeps it only in the SecretStore, and records the account and scopes', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 200 });
    const key = fx.sim.keys.noForms!;
    const { workspace, check } = await fx.ctx.workspaces.add({
      name: 'Acme',
      apiKey: key,
      baseUrl: `${fx.sim.baseUrl}/`,
      settings: { timeScale: 200 },
    });
    expect(workspace.accountId).toBe(fx.sim.accounts[0]!.id);
    expect(workspace.baseUrl).toBe(fx.sim.baseUrl);
    expect(check.missingScopes).toContain('forms:read');
    expect(workspace.scopes).not.toContain('forms:read');
    expect(await fx.ctx.secrets.get(workspace.secretRef)).toBe(key);
    fx.ctx.store.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(fx.ctx.dbFile).includes(Buffer.from(key))).toBe(false);
    expect(fx.logLines.join('\n')).not.toContain(key);
  });

  it('refuses a rejected key, a duplicate name and bad input with clear errors, storing nothing', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 200 });
    const err = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e as AppError,
      );
    const rejected = await err(
      fx.ctx.workspaces.add({ name: 'X', apiKey: fx.sim.keys.revoked!, baseUrl: fx.sim.baseUrl }),
    );
    expect(rejected?.code).toBe('auth');
    expect(rejected?.message).not.toContain(fx.sim.keys.revoked!);
    expect(fx.ctx.workspaces.list({ includeArchived: true })).toEqual([]);
    const badUrl = await err(fx.ctx.workspaces.add({ name: 'X', apiKey: fx.sim.keys.full!, baseUrl: 'file:///etc' }));
    expect(badUrl?.code).toBe('validation');
    // a key sent over plain http to another host would cross the network unencrypted
    const plain = await err(
      fx.ctx.workspaces.add({ name: 'X', apiKey: fx.sim.keys.full!, baseUrl: 'http://a.klaviyo.com' }),
    );
    expect(plain?.code).toBe('validation');
    expect(plain?.message).toContain('https://');
    expect(fx.ctx.workspaces.list({ includeArchived: true })).toEqual([]);
    await fx.addWorkspace('Acme');
    const dup = await err(fx.ctx.workspaces.add({ name: 'ACME', apiKey: fx.sim.keys.full!, baseUrl: fx.sim.baseUrl }));
    expect(dup?.code).toBe('conflict');
    expect(fx.ctx.workspaces.list()).toHaveLength(1);
  });

  it('rename, archive, settings, and remove with its data and its key', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 200 });
    const id = await fx.addWorkspace('Acme');
    expect((await fx.ctx.sync.run({ workspaceId: id })).status).toBe('ok');
    expect(fx.ctx.workspaces.rename({ workspaceId: id, name: 'Acme Ltd' }).name).toBe('Acme Ltd');
    expect(fx.ctx.workspaces.resolve('acme ltd').id).toBe(id);
    fx.ctx.workspaces.archive({ workspaceId: id, archived: true });
    expect(fx.ctx.workspaces.list()).toEqual([]);
    expect(fx.ctx.workspaces.list({ includeArchived: true })).toHaveLength(1);
    const s = fx.ctx.workspaces.updateSettings({ workspaceId: id, settings: { deadlineMinutes: 5 } });
    expect(s.settings).toMatchObject({ deadlineMinutes: 5, timeScale: 200 });
    const ref = fx.ctx.workspaces.get(id).secretRef;
    const res = await fx.ctx.workspaces.remove(id);
    expect(res).toMatchObject({ removed: true, keyRemoved: true });
    expect(await fx.ctx.secrets.get(ref)).toBeNull();
    const left = fx.ctx.store.database.sqlite
      .prepare('SELECT (SELECT count(*) FROM inventory_items) + (SELECT count(*) FROM sync_runs) AS n')
      .get() as { n: number };
    expect(left.n).toBe(0);
  });
});
