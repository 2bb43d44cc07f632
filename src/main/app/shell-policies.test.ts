import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '../../shared/contract/workspaces';
import { attentionForCritical, attentionForRun, criticalBadge, overdueAttention, trayStatus } from './attention';
import { applyStartAtLogin, AUTOSTART_FILE } from './login-item';
import { messages, shellMessages } from './messages';
import { watchSystemEvents } from './system-events';

const NOW = Date.parse('2026-11-24T12:00:00Z');
function ws(over: Partial<Workspace> = {}): Workspace {
  return {
    id: 'w1',
    name: 'Acme',
    accountId: 'A',
    accountName: 'Acme',
    baseUrl: 'https://a.klaviyo.com',
    archived: false,
    isDemo: false,
    createdAt: '2026-10-01T00:00:00.000Z',
    scopes: [],
    lastRun: null,
    lastOkAt: '2026-11-24T09:00:00.000Z',
    stale: false,
    syncing: false,
    itemCounts: {},
    totalItems: 0,
    ...over,
  };
}
const finished = (status: 'ok' | 'failed_auth' | 'partial_or_timeout' | 'cancelled') => ({
  workspaceId: 'w1',
  runId: '3',
  requestId: 'r',
  trigger: 'daily' as const,
  status,
  finishedAt: '2026-11-24T09:05:00.000Z',
  error: null,
});

describe('notifications only for what needs attention', () => {
  it('notifies failed_auth and partial runs, not ok or cancelled ones', () => {
    expect(attentionForRun(finished('failed_auth'), 'Acme')).toMatchObject({
      kind: 'failed_auth',
      title: 'Acme: the Klaviyo key was rejected',
    });
    expect(attentionForRun(finished('partial_or_timeout'), 'Acme')).toMatchObject({ kind: 'partial' });
    expect(attentionForRun(finished('ok'), 'Acme')).toBeNull();
    expect(attentionForRun(finished('cancelled'), 'Acme')).toBeNull();
  });

  it('reports an overdue sync once per missed period, never for archived, syncing or fresh workspaces', () => {
    const notified = new Map<string, string>();
    const list = [
      ws({ id: 'fresh' }),
      ws({ id: 'old', name: 'Old', lastOkAt: '2026-11-21T09:00:00.000Z' }),
      ws({ id: 'never', name: 'Never', lastOkAt: null, createdAt: '2026-11-01T00:00:00.000Z' }),
      ws({ id: 'arch', lastOkAt: null, archived: true }),
      ws({ id: 'busy', lastOkAt: null, syncing: true }),
    ];
    expect(overdueAttention(list, NOW, notified, true).map((a) => a.workspaceId)).toEqual(['old', 'never']);
    expect(overdueAttention(list, NOW, notified, true)).toEqual([]);
    expect(overdueAttention(list, NOW, new Map(), false)).toEqual([]);
    // a good sync, then overdue again: a new notification
    list[1] = ws({ id: 'old', name: 'Old', lastOkAt: '2026-11-22T00:00:00.000Z' });
    expect(overdueAttention(list, NOW + 3 * 86_400_000, notified, true).map((a) => a.workspaceId)).toEqual([
      'fresh',
      'old',
    ]);
  });

  it('summarises the state for the tray', () => {
    expect(trayStatus([])).toEqual({ level: 'empty', tooltip: 'Klaviyo Audit Desk — no workspaces yet' });
    expect(trayStatus([ws()]).level).toBe('ok');
    expect(trayStatus([ws(), ws({ id: 'b', syncing: true })]).tooltip).toBe(
      'Klaviyo Audit Desk — 2 workspaces, 1 syncing',
    );
    const bad = ws({
      id: 'c',
      lastRun: {
        runId: '1',
        requestId: 'r',
        trigger: 'daily',
        status: 'failed_auth',
        startedAt: '',
        finishedAt: null,
        error: null,
      },
    });
    expect(trayStatus([ws(), bad])).toEqual({
      level: 'attention',
      tooltip: 'Klaviyo Audit Desk — 2 workspaces, 1 needs attention',
    });
  });
});

describe('critical findings in the shell', () => {
  const event = {
    workspaceId: 'w1',
    workspaceName: 'Acme',
    findings: [
      { ruleId: 'F3', title: 'A live checkout-abandonment flow', severity: 'critical' as const },
      { ruleId: 'D1', title: 'SPF, DKIM and DMARC pass', severity: 'critical' as const },
    ],
  };

  it('one notification names each new critical finding, in the shell’s language', () => {
    const en = attentionForCritical(event, messages.en, 'en');
    expect(en).toMatchObject({ kind: 'critical', workspaceId: 'w1', title: 'Acme: 2 new critical findings' });
    expect(en.body.split('\n')).toHaveLength(2);
    expect(en.body).toMatch(/^F3: .*checkout/);
    const pl = attentionForCritical({ ...event, findings: event.findings.slice(0, 1) }, messages.pl, 'pl');
    expect(pl.title).toBe('Acme: nowy krytyczny problem');
    expect(pl.body).not.toBe(attentionForCritical({ ...event, findings: event.findings.slice(0, 1) }).body);
  });

  it('the badge counts open critical findings of active workspaces; the tray turns to attention', () => {
    const list = [ws(), ws({ id: 'w2', archived: true })];
    const overview = [
      { workspaceId: 'w1', criticalCount: 2 },
      { workspaceId: 'w2', criticalCount: 5 },
    ];
    expect(criticalBadge(overview, list)).toBe(2);
    expect(criticalBadge([{ workspaceId: 'w1', criticalCount: 0 }], list)).toBe(0);
    expect(trayStatus([ws()], messages.en, 2)).toEqual({
      level: 'attention',
      tooltip: 'Klaviyo Audit Desk — 1 workspace, 2 critical findings',
    });
    expect(trayStatus([ws()], messages.en, 0).level).toBe('ok');
  });
});

describe('shell strings in both languages', () => {
  it('follows the locale setting, or the OS locale for "system"', () => {
    expect(shellMessages('pl', 'en-US')).toBe(messages.pl);
    expect(shellMessages('system', 'pl-PL')).toBe(messages.pl);
    expect(shellMessages('system', 'de-DE')).toBe(messages.en);
    expect(Object.keys(messages.pl).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it('speaks Polish in notifications and the tray, with Polish plurals', () => {
    expect(attentionForRun(finished('failed_auth'), 'Sklep Łódź', messages.pl)?.title).toBe(
      'Sklep Łódź: klucz Klaviyo został odrzucony',
    );
    const many = [ws(), ws({ id: 'b' }), ws({ id: 'c', stale: true })];
    expect(trayStatus(many, messages.pl).tooltip).toBe('Klaviyo Audit Desk — 3 klientów, 1 wymaga uwagi');
    expect(messages.pl.trayWorkspaces(1)).toBe('1 klient');
    expect(messages.pl.trayWorkspaces(22)).toBe('22 klientów');
    expect(messages.pl.trayAttention(3)).toBe('3 wymagają uwagi');
    expect(messages.pl.trayAttention(12)).toBe('12 wymaga uwagi');
  });
});

describe('start at login', () => {
  it('uses the OS login items on macOS and Windows, with --hidden', () => {
    const calls: unknown[] = [];
    const app = { setLoginItemSettings: (s: unknown) => void calls.push(s) };
    applyStartAtLogin(true, { platform: 'darwin', app, execPath: '/x' });
    applyStartAtLogin(false, { platform: 'win32', app, execPath: 'C:\\x.exe' });
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: [] },
    ]);
  });

  it('writes and removes an XDG autostart entry on Linux (the AppImage path when there is one)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'autostart-'));
    try {
      const app = {
        setLoginItemSettings: () => {
          throw new Error('not on linux');
        },
      };
      const env = { APPIMAGE: '/home/me/Apps/Klaviyo Audit Desk.AppImage' };
      const { file } = applyStartAtLogin(true, { platform: 'linux', app, execPath: '/opt/x', env, homedir: home });
      expect(file).toBe(path.join(home, '.config', 'autostart', AUTOSTART_FILE));
      const text = fs.readFileSync(file!, 'utf8');
      expect(text).toContain('[Desktop Entry]');
      expect(text).toContain('Exec="/home/me/Apps/Klaviyo Audit Desk.AppImage" --hidden');
      applyStartAtLogin(false, { platform: 'linux', app, execPath: '/opt/x', env, homedir: home });
      expect(fs.existsSync(file!)).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('system events feed the scheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('triggers on resume, unlock and the network coming back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const pm = new EventEmitter();
    let online = false;
    const got: string[] = [];
    const stop = watchSystemEvents({
      powerMonitor: pm,
      isOnline: () => online,
      onTrigger: (t) => got.push(t),
      pollMs: 1000,
    });
    pm.emit('resume');
    pm.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(1000);
    online = true;
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    pm.emit('resume');
    online = false;
    await vi.advanceTimersByTimeAsync(3000);
    expect(got).toEqual(['resume', 'unlock', 'online']);
    expect(pm.listenerCount('resume')).toBe(0);
  });
});
