import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { createRequire } from 'node:module';

// js-yaml comes with electron-builder (no types installed): loaded untyped, used for one call
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
type Target = string | { target: string; arch?: string[] };
type BuilderConfig = {
  appId: string;
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  electronFuses: Record<string, boolean>;
  mac: { target: Target[] };
  win: { target: Target[] };
  linux: { target: Target[] };
  publish: { provider: string; url: string };
};
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const targets = (list: Target[]) => list.map((t) => (typeof t === 'string' ? t : t.target)).sort();

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    // the schema is strict enough to catch a typo'd fuse or target
    expect(validate({ ...config, electronFuses: { runAsNode: 'off' } })).toBe(false);
    expect(validate({ ...config, appImmage: {} })).toBe(false);
  });

  it('builds macOS dmg+zip, Windows nsis, Linux AppImage and deb', () => {
    expect(targets(config.mac.target)).toEqual(['dmg', 'zip']);
    expect(targets(config.win.target)).toEqual(['nsis']);
    expect(targets(config.linux.target)).toEqual(['AppImage', 'deb']);
  });

  it('unpacks the native modules from the asar archive', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    expect(config.asarUnpack.some((p) => p.includes('@napi-rs/keyring'))).toBe(true);
  });

  it('ships the migrations and the spec as extra resources', () => {
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'drizzle', to: 'drizzle' }),
        expect.objectContaining({ from: 'resources/klaviyo-openapi', to: 'klaviyo-openapi' }),
        expect.objectContaining({ from: 'resources/fonts', to: 'fonts' }),
      ]),
    );
    expect(fs.existsSync(path.join(root, 'drizzle/meta/_journal.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'resources/klaviyo-openapi/stable.json.gz'))).toBe(true);
    for (const icon of ['build/icon.png', 'build/tray.png', 'build/tray-attention.png']) {
      expect(fs.existsSync(path.join(root, icon)), icon).toBe(true);
    }
  });

  it('sets the Electron fuses: no run-as-node, asar only and verified, cookies encrypted', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('publishes to a generic https update feed and ships only the built app', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('!src/**');
    expect(config.files).toContain('!dev-app-update.yml');
  });
});

describe('electron.vite.config.ts', () => {
  it('bundles the preload into one CommonJS file for the sandbox, and keeps main’s native deps external', async () => {
    const mod = (await import('../../../electron.vite.config')) as { default: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const cfg = mod.default;
    expect(cfg.preload.build).toMatchObject({
      isolatedEntries: true,
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    });
    expect(cfg.main.build.externalizeDeps).not.toBe(false);
    expect(cfg.renderer.root).toBe(path.join(root, 'src/renderer'));
  });
});
