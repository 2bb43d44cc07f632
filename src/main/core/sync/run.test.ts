import { AppError } from '../../../shared/errors';
import { nullLogger } from '../log';
import type { StagedItem } from '../store';
import { addWorkspace, stagedItem, startRun, useTestStore } from '../store/test-helpers';
import { executeRun } from './run';
import { sliceByBytes } from './staging';
import type { SourceResource } from './source';

// an item whose JSON is `bytes` long
const item = (id: string, bytes: number): StagedItem => ({
  ...stagedItem(id, { resourceType: 'templates' }),
  attributesJson: 'x'.repeat(bytes - 2),
  relationshipsJson: '{}',
});

describe('staging slices (a page of big templates is not one long transaction)', () => {
  it('cuts consecutive slices under the byte budget, keeps order, never drops or splits an item', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id, i) => item(id, [100, 300, 200, 700, 50][i]!));
    const slices = sliceByBytes(items, 500);
    expect(slices.map((s) => s.map((it) => it.klaviyoId))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    expect(slices.flat()).toEqual(items);
  });

  it('gives one empty slice for no items, so a "parent done" mark is still written', () => {
    expect(sliceByBytes([], 500)).toEqual([[]]);
  });
});

describe('stored error envelopes', () => {
  const testStore = useTestStore();

  it('are redacted like log lines: a key echoed in a server error never reaches the database', async () => {
    const store = testStore();
    const leaked = 'pk_echoedBackByTheServer1234';
    addWorkspace(store, 'w');
    const runId = startRun(store, 'w');
    const failing: SourceResource = {
      key: 'flows',
      type: 'flow',
      scopes: ['flows:read'],
      operationId: 'get_flows',
      pageSize: 50,
      requestsPerItem: 0,
      requestsPerSecond: 10,
      resumable: true,
      list: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () =>
            Promise.reject(
              new AppError('server', `Upstream said: Authorization: Klaviyo-API-Key ${leaked}`, {
                details: { request: `GET /api/flows?api_key=${leaked}` },
              }),
            ),
        }),
      }),
    };
    const res = await executeRun({
      store,
      logger: nullLogger(),
      now: () => 1,
      sourceFactory: () => ({ resources: [failing] }),
      workspaceId: 'w',
      baseUrl: 'http://127.0.0.1:1',
      server: 'Klaviyo',
      timeScale: 1,
      runId,
      requestId: 'req-1',
      trigger: 'cli',
      startedAt: 0,
      apiKey: 'pk_theRealKey',
      resume: null,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    expect(res.status).toBe('partial_or_timeout');
    const stored = JSON.stringify([
      store.database.sqlite.prepare('SELECT error_json FROM sync_runs').all(),
      store.database.sqlite.prepare('SELECT error_json FROM sync_run_resources').all(),
    ]);
    // the envelope is there, with its code and message shape, but not the key
    expect(stored).toContain('Upstream said');
    expect(stored).toContain('server');
    expect(stored).not.toContain(leaked);
  });
});
