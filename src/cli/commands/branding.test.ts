import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../sim';
import type { Simulator } from '../../sim/types';
import { baseFixture, IDS } from '../../main/core/audit/fixtures/accounts';
import { runCli } from '../test-helpers';

const cli = runCli;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** the PDF's words on one line each, spaces folded */
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** images drawn in the PDF (`pdfimages -list` prints two header lines) */
const pdfImages = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;

describe('CLI branding and the client name on reports (child processes against the simulator)', () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const fx = baseFixture(Date.now());
    sim = await startSimulator({
      timeScale: 500,
      accounts: [{ id: IDS.account, name: 'Acme account', fixture: { id: IDS.account, resources: fx.resources } }],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-branding-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn', KLAVIYO_API_KEY: sim.keys.full! };
    const add = await cli(
      ['workspace', 'add', '--name', 'acme-eu', '--base-url', sim.baseUrl, '--time-scale', '500'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const sync = await cli(['sync', '--workspace', 'acme-eu'], env);
    expect(sync.code, sync.stderr).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sets the branding and the client name, and the PDF carries them on its cover and footers', async () => {
    const logo = path.join(dir, 'logo.png');
    fs.writeFileSync(logo, Buffer.from(PNG_1x1, 'base64'));
    const set = await cli(
      [
        'branding',
        'set',
        '--agency-name',
        'North Star Agency',
        '--prepared-by',
        'Ola Nowak',
        '--accent',
        '#0b7285',
        '--logo',
        logo,
        '--json',
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const saved = JSON.parse(set.stdout);
    expect(saved).toMatchObject({
      agencyName: 'North Star Agency',
      preparedBy: 'Ola Nowak',
      accentColor: '#0b7285',
      logo: { mimeType: 'image/png', bytes: 70 },
    });
    const named = await cli(['workspace', 'client-name', 'acme-eu', '--set', 'Acme Ltd'], env);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain('"Acme Ltd"');

    // read back by another process: it was stored, not only echoed
    const got = await cli(['branding', 'get'], env);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/Agency name: +North Star Agency/);
    expect(got.stdout).toMatch(/Accent: +#0b7285/);
    expect(got.stdout).toMatch(/Logo: +PNG, 1 KB/);
    const ws = JSON.parse((await cli(['workspace', 'list', '--json'], env)).stdout) as { clientName: string }[];
    expect(ws[0]!.clientName).toBe('Acme Ltd');

    const pdf = path.join(dir, 'acme.pdf');
    const r = await cli(['report', '--workspace', 'acme-eu', '--format', 'pdf', '--lang', 'pl', '--out', pdf], env);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(pdf);
    expect(text).toContain('Acme Ltd');
    expect(text).not.toContain('acme-eu');
    expect(text).toContain('North Star Agency');
    expect(text).toContain('Ola Nowak');
    expect(pdfImages(pdf)).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('refuses a logo that is not what its name says, in words, and keeps the branding as it was', async () => {
    const fake = path.join(dir, 'fake.png');
    fs.writeFileSync(fake, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const r = await cli(['branding', 'set', '--agency-name', 'Changed', '--logo', fake], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The logo file is not a PNG image');
    const bad = await cli(['branding', 'set', '--accent', 'teal'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('#rrggbb');
    const got = JSON.parse((await cli(['branding', 'get', '--json'], env)).stdout);
    expect(got.agencyName).toBe('North Star Agency');
    expect(got.accentColor).toBe('#0b7285');
    expect(got.logo.mimeType).toBe('image/png');
  }, 240_000);

  it('clears the client name and the logo: the report names the workspace again', async () => {
    expect((await cli(['workspace', 'client-name', 'acme-eu', '--clear'], env)).code).toBe(0);
    expect((await cli(['branding', 'set', '--no-logo'], env)).code).toBe(0);
    const pdf = path.join(dir, 'plain.pdf');
    const r = await cli(['report', '--workspace', 'acme-eu', '--format', 'pdf', '--out', pdf], env);
    expect(r.code, r.stderr).toBe(0);
    expect(pdfText(pdf)).toContain('acme-eu');
    expect(pdfImages(pdf)).toBe(0);
  }, 240_000);
});
