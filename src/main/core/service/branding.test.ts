import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Branding } from '../../../shared/contract/branding';
import type { Desk } from '../compose';
import { offlineKeyCheck, testDesk } from '../test-desk';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#7c3aed"/></svg>';

/** The agency's branding set in the app's settings, through the service, is what the exported PDF carries. */
describe('branding through the service', () => {
  let dir: string;
  let desk: Desk;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'branding-'));
    desk = testDesk({
      dataDir: dir,
      core: { checkKey: offlineKeyCheck },
      exportTarget: { choose: async (name) => ({ file: path.join(dir, name), downloadId: null }) },
    });
    desk.core.store.workspaces.insert({
      id: 'w1',
      name: 'Client Co',
      secretRef: 'workspace:w1',
      createdAt: Date.parse('2026-11-01T00:00:00Z'),
      updatedAt: Date.parse('2026-11-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await desk.service.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const pdfText = async (lang: 'en' | 'pl') => {
    const r = await call<{ savedTo: string }>('report:export', { workspaceId: 'w1', format: 'pdf', lang });
    return execFileSync('pdftotext', [r.savedTo, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  it('set branding → the exported PDF carries the agency and who prepared it, in both languages', async () => {
    expect(await pdfText('en')).not.toContain('Northwind Growth');
    const set = await call<Branding>('branding:set', {
      agencyName: 'Northwind Growth',
      preparedBy: 'Ola Nowak',
      accentColor: '#0e7c66',
      logo: { mimeType: 'image/png', base64: PNG_1x1 },
    });
    expect(set).toMatchObject({ agencyName: 'Northwind Growth', preparedBy: 'Ola Nowak', accentColor: '#0e7c66' });
    expect(set.logo?.dataUrl).toBe(`data:image/png;base64,${PNG_1x1}`);
    expect(await call<Branding>('branding:get', {})).toEqual(set);
    const en = await pdfText('en');
    expect(en).toContain('Northwind Growth');
    expect(en).toContain('Prepared by Ola Nowak');
    const pl = await pdfText('pl');
    expect(pl).toContain('Northwind Growth');
    expect(pl).toContain('Ola Nowak');
  });

  it('keeps a printable SVG and refuses a logo of another type, too large, or not what it says, saving nothing', async () => {
    const svg = await call<Branding>('branding:set', {
      logo: { mimeType: 'image/svg+xml', base64: Buffer.from(SVG).toString('base64') },
    });
    expect(svg.logo?.mimeType).toBe('image/svg+xml');
    expect(svg.agencyName).toBe('Northwind Growth');
    const cases: [unknown, RegExp][] = [
      [
        { mimeType: 'image/jpeg', base64: PNG_1x1 },
        /^The logo must be a PNG or an SVG image; a file of type “image\/jpeg” was given\.$/,
      ],
      [
        { mimeType: 'image/png', base64: Buffer.alloc(70 * 1024, 1).toString('base64') },
        /^The logo is 70 KB; a logo may be at most 64 KB\./,
      ],
      [{ mimeType: 'image/png', base64: Buffer.from(SVG).toString('base64') }, /^The logo file is not a PNG image/],
      [
        {
          mimeType: 'image/svg+xml',
          base64: Buffer.from('<svg viewBox="0 0 1 1"><text>A</text></svg>').toString('base64'),
        },
        /^This SVG logo cannot be printed: /,
      ],
    ];
    for (const [logo, message] of cases) {
      const r = await desk.service.call('branding:set', { agencyName: 'Changed', logo });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('validation');
      expect(r.error.message).toMatch(message);
      expect(r.error.details).toMatchObject({ field: 'logo' });
    }
    const after = await call<Branding>('branding:get', {});
    expect(after.agencyName).toBe('Northwind Growth');
    expect(after.logo?.mimeType).toBe('image/svg+xml');
    const bad = await desk.service.call('branding:set', { accentColor: 'purple' });
    expect(!bad.ok && bad.error.code).toBe('validation');
  });
});
