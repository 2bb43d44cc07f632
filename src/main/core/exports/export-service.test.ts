import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Desk } from '../compose';
import type { Service } from '../service';
import { addWorkspace, stagedItem, syncItems } from '../store/test-helpers';
import { testDesk } from '../test-desk';
import { workspaceOfNamedFlows } from './test-helpers';

/**
 * The export pipeline through the app's own path: `service.call('report:export', …)` with the export target a
 * folder, as the desktop app's save dialog and the CLI's --out hand it a file.
 */
describe('report:export through the service', () => {
  let dir: string;
  let outDir: string;
  let desk: Desk;
  let service: Service;
  let bigDesk: Desk;

  const LONG = 10_000;
  const longName = (i: number) => `Flow ${i} ` + 'ż'.repeat(LONG - 7 - String(i).length);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-service-'));
    outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir);
    desk = testDesk({
      dataDir: dir,
      exportTarget: { choose: async (name) => ({ file: path.join(outDir, name), downloadId: null }) },
    });
    service = desk.service;
    const store = desk.core.store;
    // ten live flows whose names are 10,000 characters of one unbroken word, each with a draft email action
    await workspaceOfNamedFlows(
      store,
      'long',
      Array.from({ length: 10 }, (_, i) => longName(i)),
    );
    expect((await service.call('audit:run', { workspaceId: 'long' })).ok).toBe(true);
    // a table big enough that its CSV is still being written when a cancel arrives (in a desk of its own, so the
    // responsiveness test times calls that are cheap on their own)
    bigDesk = testDesk({
      dataDir: path.join(dir, 'big'),
      exportTarget: { choose: async (name) => ({ file: path.join(outDir, name), downloadId: null }) },
    });
    addWorkspace(bigDesk.core.store, 'big');
    await syncItems(
      bigDesk.core.store,
      'big',
      Array.from({ length: 10_000 }, (_, i) =>
        stagedItem(`L${i}`, { resourceType: 'lists', name: `List ${i} – żółć ${'x'.repeat(200)}` }),
      ),
    );
  });

  afterAll(async () => {
    await desk.close();
    await bigDesk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers other calls while the PDF of 10,000-character names is written, and clips the names for print', async () => {
    // when each progress event and each answer to another call arrived: answers that arrive between the PDF's
    // first progress and its end were given while the worker was writing it; drawn on this thread, the pages
    // would leave no gap for them (how fast each answer came is a line of `npm run bench -- exports`: timing
    // belongs to the benches on these shared machines)
    const progress: Array<{ done: number; total: number; at: number }> = [];
    const off = service.on('report:progress', (p) => {
      if (p.workspaceId === 'long') progress.push({ ...p, at: performance.now() });
    });
    let finished = 0;
    const exported = service.call('report:export', { workspaceId: 'long', format: 'pdf' }).finally(() => {
      finished = performance.now();
    });
    const answeredAt: number[] = [];
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const r = await service.call('workspaces:list', {});
      expect(r.ok).toBe(true);
      answeredAt.push(performance.now());
    }
    off();
    const r = await exported;
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const file = (r as { data: { savedTo: string; pages: number } }).data.savedTo;
    expect(answeredAt.filter((t) => t > progress[0]!.at && t < finished).length).toBeGreaterThan(0);
    // (its time, ≤ 3 s, is a line of `npm run bench -- audit`)
    // names clipped for print with an ellipsis, the file owner-only, progress up to the last finding
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Flow 3 żżż');
    expect(text).toContain('…');
    expect(text).not.toContain('ż'.repeat(300));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    fs.mkdirSync(path.resolve('test-artifacts/pdf'), { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '4',
      file,
      path.resolve('test-artifacts/pdf/long-names'),
    ]);
  });

  it('keeps every character of a long name in the CSV', async () => {
    const r = await service.call('report:export', {
      workspaceId: 'long',
      format: 'csv',
      kind: 'inventory',
      inventoryType: 'flows',
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const { savedTo, rows } = (r as { data: { savedTo: string; rows: number } }).data;
    expect(rows).toBe(10);
    expect(fs.readFileSync(savedTo, 'utf8')).toContain(longName(7));
  });

  it('stops an export on report:cancel and leaves no file, not even a partial one', async () => {
    const before = new Set(fs.readdirSync(outDir));
    let cancelled: Promise<unknown> | null = null;
    const off = bigDesk.service.on('report:progress', (p) => {
      if (p.workspaceId === 'big' && !cancelled)
        cancelled = bigDesk.service.call('report:cancel', { workspaceId: 'big' });
    });
    const r = await bigDesk.service.call('report:export', {
      workspaceId: 'big',
      format: 'csv',
      kind: 'inventory',
      inventoryType: 'lists',
    });
    off();
    expect(cancelled).not.toBeNull();
    expect(await cancelled).toEqual({ ok: true, data: { cancelled: true } });
    expect(r).toMatchObject({ ok: true, data: { cancelled: true, savedTo: null, bytes: 0 } });
    expect(fs.readdirSync(outDir).filter((f) => !before.has(f))).toEqual([]);
    // with nothing running there is nothing to cancel; the next export of the workspace runs to the end
    expect(await bigDesk.service.call('report:cancel', { workspaceId: 'big' })).toEqual({
      ok: true,
      data: { cancelled: false },
    });
    const again = await bigDesk.service.call('report:export', {
      workspaceId: 'big',
      format: 'csv',
      kind: 'inventory',
      inventoryType: 'lists',
    });
    expect(again).toMatchObject({ ok: true, data: { cancelled: false, rows: 10_000 } });
  }, 180_000);
});
